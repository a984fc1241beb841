package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of decoded public keys, from (scheme, encoded bytes) to the fully
 * validated {@link PublicKey}: one per node, owned by its chain state and shared with its mempool,
 * never one per JVM (a key one node decoded must cost the next node its own decode, or benchmarks
 * and simulations of many nodes in one JVM would flatter each other).
 *
 * <p>Full key validation costs about one signature verification (Ed25519's subgroup check is a
 * scalar multiplication), and keys repeat: across the inputs of a transaction, across the
 * transactions of one wallet, across blocks. {@link SignatureScheme#decodePublicKey} is a pure
 * function of the bytes, so caching it cannot change which keys are valid, provided that (1) only
 * keys that decoded are cached, so an invalid encoding is rejected afresh every time and never
 * becomes valid, and (2) a hit is returned only for exactly the same scheme and bytes.
 *
 * <p>Entries are keyed by SHA-256 of the scheme id and the encoding (attacker-chosen keys cannot
 * crowd one hash bucket) and a hit is checked byte for byte against the key's own encoding. At the
 * bound, the least recently used entries are evicted; an entry holds the key, its decoded point and
 * the digest, about 0.5 KB, so the default bound of {@value #DEFAULT_MAX_ENTRIES} entries holds at
 * most about 32 MiB. A bound of 0 caches nothing: every call decodes. Concurrent misses of one key
 * may each decode it: no thread waits for another's decode.
 */
public final class PublicKeyCache {
  /** The default bound: a few blocks' and a large mempool's worth of keys, about 32 MiB at most. */
  public static final int DEFAULT_MAX_ENTRIES = 65_536;

  private final int maxEntries;
  private final Cache<Hash, Entry> keys;
  // Full decodes (misses and rejected encodings), for tests and diagnostics.
  private final LongAdder decodes = new LongAdder();

  /**
   * Creates an empty cache holding at most {@code maxEntries} keys; 0 makes a cache that holds
   * none.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is negative
   */
  public PublicKeyCache(int maxEntries) {
    checkArgument(maxEntries >= 0, "maxEntries must not be negative, got %s", maxEntries);
    this.maxEntries = maxEntries;
    this.keys = maxEntries == 0 ? null : CacheBuilder.newBuilder().maximumSize(maxEntries).build();
  }

  /**
   * Returns {@code scheme.decodePublicKey(encoded)}, answered from the cache when it holds exactly
   * these bytes of this scheme.
   *
   * @throws IllegalArgumentException if {@code encoded} is not a valid public key of {@code
   *     scheme}; nothing is cached then
   */
  public PublicKey decode(SignatureScheme scheme, byte[] encoded) {
    checkNotNull(scheme, "scheme");
    checkNotNull(encoded, "encoded");
    return decode(scheme, encoded, scheme::decodePublicKey);
  }

  /**
   * {@link #decode(SignatureScheme, byte[])} with {@code decoder} in place of the scheme's own
   * decoding: it must return a key whose encoding equals {@code encoded}, or throw {@link
   * IllegalArgumentException}.
   */
  PublicKey decode(SignatureScheme scheme, byte[] encoded, Function<byte[], PublicKey> decoder) {
    if (keys == null) {
      decodes.increment();
      return decoder.apply(encoded);
    }
    Hash digest = entryKey(scheme, encoded);
    Entry cached = keys.getIfPresent(digest);
    if (cached != null && cached.answers(scheme, encoded)) {
      return cached.key();
    }
    decodes.increment();
    PublicKey key = decoder.apply(encoded);
    // Only a key that is the entry's may answer for it (a SHA-256 collision would not be).
    if (cached == null && MessageDigest.isEqual(key.bytes(), encoded)) {
      keys.put(digest, new Entry(scheme, key));
    }
    return key;
  }

  private static Hash entryKey(SignatureScheme scheme, byte[] encoded) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(scheme.id());
    digest.update(encoded);
    return Hash.wrap(digest.digest());
  }

  /** The number of cached keys (at most {@link #maxEntries()}). */
  public int size() {
    if (keys == null) {
      return 0;
    }
    keys.cleanUp();
    return (int) keys.size();
  }

  /** The bound given at construction. */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * How many full decodes this cache ran: every miss, including encodings that turned out invalid
   * (those are decoded afresh every time).
   */
  public long decodeCount() {
    return decodes.sum();
  }

  /**
   * A decoded key and the scheme that decoded it (a wrapping scheme may return keys of the scheme
   * it wraps, so the key's own scheme does not say who asked).
   */
  private record Entry(SignatureScheme scheme, PublicKey key) {
    boolean answers(SignatureScheme asked, byte[] encoded) {
      return scheme == asked && MessageDigest.isEqual(key.bytes(), encoded);
    }
  }

  @Override
  public String toString() {
    return "PublicKeyCache{size=" + size() + ", maxEntries=" + maxEntries + "}";
  }
}
