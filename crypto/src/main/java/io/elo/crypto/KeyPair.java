package io.elo.crypto;

import static com.google.common.base.Preconditions.checkNotNull;

/** A private key together with its public key. Equal when the private keys are equal. */
public final class KeyPair {
  private final PrivateKey privateKey;

  private KeyPair(PrivateKey privateKey) {
    this.privateKey = checkNotNull(privateKey);
  }

  /** Returns the pair of {@code key} and its public key. */
  public static KeyPair fromPrivateKey(PrivateKey key) {
    return new KeyPair(key);
  }

  /** The public key. */
  public PublicKey publicKey() {
    return privateKey.publicKey();
  }

  /** The private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair other && privateKey.equals(other.privateKey);
  }

  @Override
  public int hashCode() {
    return privateKey.hashCode();
  }

  @Override
  public String toString() {
    return "KeyPair{" + publicKey() + "}";
  }
}
