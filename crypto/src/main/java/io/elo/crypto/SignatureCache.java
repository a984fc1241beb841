package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.security.MessageDigest;

/**
 * A bounded, thread-safe cache of signatures known to be valid, like Bitcoin Core's signature
 * cache: a transaction verified on mempool admission is not verified again when its block arrives.
 *
 * <p>Entries are keyed by SHA-256 over the scheme id and the length-prefixed key, message and
 * signature, so the cache holds 32 bytes per entry whatever the message size, and distinct inputs
 * never share an entry. Only valid results are cached: an attacker cannot fill the cache with
 * invalid signatures, and a failure is always computed afresh. At the bound the least recently used
 * entries are evicted.
 */
public final class SignatureCache {
  private final int maxEntries;
  private final Cache<Hash, Boolean> valid;

  /**
   * Creates an empty cache holding at most {@code maxEntries} valid signatures.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is not positive
   */
  public SignatureCache(int maxEntries) {
    checkArgument(maxEntries > 0, "maxEntries must be positive, got %s", maxEntries);
    this.maxEntries = maxEntries;
    this.valid = CacheBuilder.newBuilder().maximumSize(maxEntries).build();
  }

  /**
   * Verifies the signature, answering from the cache when it holds this exact triple; a valid
   * result computed here is added. Never throws for a malformed signature.
   */
  public boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Hash entry = entryKey(key, message, signature);
    if (valid.getIfPresent(entry) != null) {
      return true;
    }
    boolean ok = key.scheme().verify(key, message, signature);
    if (ok) {
      valid.put(entry, Boolean.TRUE);
    }
    return ok;
  }

  /** Whether this exact (key, message, signature) triple is cached as valid. */
  public boolean contains(PublicKey key, byte[] message, byte[] signature) {
    return valid.getIfPresent(entryKey(key, message, signature)) != null;
  }

  /**
   * Whether the signature is cached as valid for the public key encoded as {@code encodedKey} in
   * {@code scheme}, without decoding the key: the cheap first step of a check whose key is still
   * encoded. Only valid signatures are cached, and only under the encoding of a key that decoded,
   * so {@code true} also means the key is valid. Never throws for arrays of any length or content.
   */
  public boolean contains(
      SignatureScheme scheme, byte[] encodedKey, byte[] message, byte[] signature) {
    checkNotNull(scheme, "scheme");
    return valid.getIfPresent(entryKey(scheme.id(), encodedKey, message, signature)) != null;
  }

  /** The number of cached valid signatures (at most {@link #maxEntries()}). */
  public int size() {
    return (int) valid.size();
  }

  /** The bound given at construction. */
  public int maxEntries() {
    return maxEntries;
  }

  private static Hash entryKey(PublicKey key, byte[] message, byte[] signature) {
    return entryKey(key.scheme().id(), key.bytes(), message, signature);
  }

  private static Hash entryKey(byte schemeId, byte[] encodedKey, byte[] message, byte[] signature) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(schemeId);
    updateWithLength(digest, encodedKey);
    updateWithLength(digest, message);
    updateWithLength(digest, signature);
    return Hash.wrap(digest.digest());
  }

  private static void updateWithLength(MessageDigest digest, byte[] data) {
    int length = data.length;
    digest.update((byte) (length >>> 24));
    digest.update((byte) (length >>> 16));
    digest.update((byte) (length >>> 8));
    digest.update((byte) length);
    digest.update(data);
  }

  @Override
  public String toString() {
    return "SignatureCache{size=" + size() + ", maxEntries=" + maxEntries + "}";
  }
}
