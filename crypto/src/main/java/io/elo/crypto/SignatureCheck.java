package io.elo.crypto;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One signature to check: a public key (which carries its scheme), the signed message and the
 * signature. Arrays are copied in and out; equality compares their contents.
 *
 * @param key the public key
 * @param message the signed message
 * @param signature the encoded signature
 */
public record SignatureCheck(PublicKey key, byte[] message, byte[] signature) {
  /** Copies both arrays. */
  public SignatureCheck {
    checkNotNull(key, "key");
    message = message.clone();
    signature = signature.clone();
  }

  /** Returns a copy of the message. */
  @Override
  public byte[] message() {
    return message.clone();
  }

  /** Returns a copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Runs the check with the key's scheme; never throws for a malformed signature. */
  public boolean verify() {
    return key.scheme().verify(key, message, signature);
  }

  /** Runs the check through {@code cache}. */
  boolean verify(SignatureCache cache) {
    return cache.verify(key, message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignatureCheck other
        && key.equals(other.key)
        && Arrays.equals(message, other.message)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return (31 * key.hashCode() + Arrays.hashCode(message)) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignatureCheck{key="
        + key
        + ", message="
        + message.length
        + " bytes, signature="
        + HexFormat.of().formatHex(signature)
        + "}";
  }
}
