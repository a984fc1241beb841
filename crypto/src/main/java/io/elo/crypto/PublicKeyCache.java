package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of decoded public keys of one scheme, from encoded bytes to the
 * validated {@link PublicKey}.
 *
 * <p>Full key validation costs about one signature verification (Ed25519's subgroup check is a
 * scalar multiplication), and keys repeat: across the inputs of a transaction, between a
 * transaction's mempool entry and its block, and across blocks. Decoding is a pure function of the
 * bytes, so caching it cannot change which keys are valid, provided that (1) only keys that decoded
 * are cached, so an invalid encoding is rejected afresh every time and never becomes valid, and (2)
 * a hit is returned only for exactly the same bytes.
 *
 * <p>Entries are keyed by SHA-256 of the encoding (attacker-chosen keys cannot crowd one hash
 * bucket) and a hit is checked byte for byte against the key's own encoding. At the bound, the
 * least recently used entries are evicted; an entry holds the key, its decoded point and the
 * digest, about 0.5 KB, so the default bound of {@value #DEFAULT_MAX_ENTRIES} entries holds at most
 * about 32 MiB per scheme.
 */
final class PublicKeyCache {
  /** The bound each built-in scheme uses: a few blocks' and a large mempool's worth of keys. */
  static final int DEFAULT_MAX_ENTRIES = 65_536;

  private final int maxEntries;
  private final Cache<Hash, PublicKey> keys;
  // Full decodes (cache misses), for tests and diagnostics.
  private final LongAdder decodes = new LongAdder();

  /**
   * Creates an empty cache holding at most {@code maxEntries} keys.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is not positive
   */
  PublicKeyCache(int maxEntries) {
    checkArgument(maxEntries > 0, "maxEntries must be positive, got %s", maxEntries);
    this.maxEntries = maxEntries;
    this.keys = CacheBuilder.newBuilder().maximumSize(maxEntries).build();
  }

  /**
   * Returns the cached key for exactly {@code encoded}, else decodes it with {@code decoder} and
   * caches the result. {@code decoder} must return a key whose encoding equals {@code encoded} or
   * throw {@link IllegalArgumentException}, which is passed on and caches nothing.
   */
  PublicKey decode(byte[] encoded, Function<byte[], PublicKey> decoder) {
    Hash entry = Hash.wrap(Sha256.newDigest().digest(encoded));
    PublicKey cached = keys.getIfPresent(entry);
    if (cached != null && MessageDigest.isEqual(cached.bytes(), encoded)) {
      return cached;
    }
    decodes.increment();
    PublicKey key = decoder.apply(encoded);
    // Only a key whose encoding is the entry's may answer for it (a SHA-256 collision would not).
    if (cached == null && MessageDigest.isEqual(key.bytes(), encoded)) {
      keys.put(entry, key);
    }
    return key;
  }

  /** The number of cached keys (at most {@link #maxEntries()}). */
  int size() {
    keys.cleanUp();
    return (int) keys.size();
  }

  /** The bound given at construction. */
  int maxEntries() {
    return maxEntries;
  }

  /** How many times {@link #decode} ran the decoder (misses and rejected encodings). */
  long decodeCount() {
    return decodes.sum();
  }

  @Override
  public String toString() {
    return "PublicKeyCache{size=" + size() + ", maxEntries=" + maxEntries + "}";
  }
}
