package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Double SHA-256 of block headers with the state after the first 64 bytes cached (a midstate).
 *
 * <p>SHA-256 works in 64-byte blocks, so a miner that varies only bytes after offset 64 (the nonce
 * and what follows) can hash the first block once and finish each attempt from a clone of that
 * state. Instances are immutable and thread-safe: each call works on its own clone.
 */
public final class HeaderHasher {
  /** Length of the cached prefix: one SHA-256 block. */
  public static final int PREFIX_LENGTH = 64;

  private final MessageDigest midstate;

  private HeaderHasher(MessageDigest midstate) {
    this.midstate = midstate;
  }

  /** Returns SHA-256(SHA-256(header)), the same as {@link Hash#sha256d(byte[])}. */
  public static Hash hash(byte[] header) {
    return Hash.sha256d(header);
  }

  /**
   * Returns a hasher for headers starting with the first 64 bytes of {@code header}.
   *
   * @throws IllegalArgumentException if {@code header} is shorter than 64 bytes
   */
  public static HeaderHasher forPrefix(byte[] header) {
    checkArgument(
        header.length >= PREFIX_LENGTH,
        "need at least %s header bytes for a midstate, got %s",
        PREFIX_LENGTH,
        header.length);
    MessageDigest digest = Sha256.newDigest();
    digest.update(header, 0, PREFIX_LENGTH);
    return new HeaderHasher(digest);
  }

  /** Returns SHA-256d(prefix || tail), where prefix is the first 64 bytes given to the factory. */
  public Hash hashWithTail(byte[] tail) {
    byte[] out = new byte[Hash.LENGTH];
    hashWithTail(tail, out);
    return Hash.wrap(out);
  }

  /**
   * Writes SHA-256d(prefix || tail) into the first 32 bytes of {@code out32}, allocating nothing
   * but the digest clone.
   *
   * @throws IllegalArgumentException if {@code out32} is shorter than 32 bytes
   */
  public void hashWithTail(byte[] tail, byte[] out32) {
    checkArgument(out32.length >= Hash.LENGTH, "output needs %s bytes", Hash.LENGTH);
    MessageDigest digest = cloneMidstate();
    try {
      digest.update(tail);
      digest.digest(out32, 0, Hash.LENGTH);
      digest.update(out32, 0, Hash.LENGTH);
      digest.digest(out32, 0, Hash.LENGTH);
    } catch (DigestException e) {
      throw new AssertionError("32 bytes fit a SHA-256 digest", e);
    }
  }

  private MessageDigest cloneMidstate() {
    try {
      return (MessageDigest) midstate.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError("JDK SHA-256 is cloneable", e);
    }
  }
}
