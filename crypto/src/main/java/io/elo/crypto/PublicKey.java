package io.elo.crypto;

import static com.google.common.base.Preconditions.checkNotNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A validated public key of one {@link SignatureScheme}: the scheme and its encoded bytes.
 *
 * <p>Instances come from {@link SignatureScheme#decodePublicKey} or from key generation, so every
 * instance holds a valid encoding. The decoded group element is kept alongside the bytes, so a key
 * decoded once verifies many signatures without decoding again. Equality covers the scheme and the
 * bytes.
 */
public final class PublicKey {
  private final SignatureScheme scheme;
  private final byte[] bytes;
  // The scheme's decoded form (a curve point); opaque here so no library type leaks.
  private final Object decoded;
  private final int hashCode;

  /** Takes ownership of {@code bytes}; only schemes in this package create keys. */
  PublicKey(SignatureScheme scheme, byte[] bytes, Object decoded) {
    this.scheme = checkNotNull(scheme);
    this.bytes = bytes;
    this.decoded = checkNotNull(decoded);
    this.hashCode = 31 * scheme.id() + Arrays.hashCode(bytes);
  }

  /** The scheme this key belongs to. */
  public SignatureScheme scheme() {
    return scheme;
  }

  /** Returns a copy of the encoded key. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns the encoded key as lower-case hexadecimal digits. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** The encoded bytes without copying; callers in this package must not modify them. */
  byte[] bytes() {
    return bytes;
  }

  /** The scheme-specific decoded form. */
  Object decoded() {
    return decoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey other
        && scheme == other.scheme
        && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return scheme.name() + ":" + toHex();
  }
}
