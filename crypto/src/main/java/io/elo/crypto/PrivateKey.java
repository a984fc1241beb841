package io.elo.crypto;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A private key of one {@link SignatureScheme}, with its public key.
 *
 * <p>{@link #destroy()} overwrites the key bytes with zeros; afterwards {@link #toBytes()} and
 * signing fail with {@link IllegalStateException}. {@link #toString()} never prints key material.
 * Two live keys are equal when scheme and bytes are equal (compared in constant time); a destroyed
 * key is equal only to itself.
 */
public final class PrivateKey implements Destroyable {
  private final SignatureScheme scheme;
  private final byte[] bytes;
  private final PublicKey publicKey;
  private volatile boolean destroyed;

  /** Takes ownership of {@code bytes}; only schemes in this package create keys. */
  PrivateKey(SignatureScheme scheme, byte[] bytes, PublicKey publicKey) {
    this.scheme = checkNotNull(scheme);
    this.bytes = checkNotNull(bytes);
    this.publicKey = checkNotNull(publicKey);
  }

  /** The scheme this key belongs to. */
  public SignatureScheme scheme() {
    return scheme;
  }

  /**
   * Returns a copy of the encoded private key.
   *
   * @throws IllegalStateException if the key has been destroyed
   */
  public byte[] toBytes() {
    return liveBytes().clone();
  }

  /** The public key matching this private key (still available after destruction). */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** Overwrites the key bytes with zeros. Idempotent. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  /** Whether {@link #destroy()} has been called. */
  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** The key bytes without copying, for schemes in this package. */
  byte[] liveBytes() {
    checkState(!destroyed, "the private key has been destroyed");
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PrivateKey other) || destroyed || other.destroyed) {
      return false;
    }
    return scheme == other.scheme && MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Derived from the public key, so the hash code reveals nothing about the private bytes. */
  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey{"
        + scheme.name()
        + (destroyed ? ", destroyed}" : ", public=" + publicKey.toHex() + "}");
  }
}
