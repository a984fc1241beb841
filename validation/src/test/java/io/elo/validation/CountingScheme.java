package io.elo.validation;

import io.elo.crypto.KeyPair;
import io.elo.crypto.PrivateKey;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ed25519 (same id, same keys) that counts the calls to {@link #decodePublicKey}: a chain whose
 * only allowed scheme is this one shows how often validation decodes input keys.
 */
final class CountingScheme implements SignatureScheme {
  private final AtomicInteger decodes = new AtomicInteger();

  /** The number of {@link #decodePublicKey} calls so far. */
  int decodes() {
    return decodes.get();
  }

  /** Sets the count back to zero. */
  void reset() {
    decodes.set(0);
  }

  @Override
  public byte id() {
    return SignatureSchemes.ED25519.id();
  }

  @Override
  public String name() {
    return "counting-ed25519";
  }

  @Override
  public int publicKeyLength() {
    return SignatureSchemes.ED25519.publicKeyLength();
  }

  @Override
  public int maxSignatureLength() {
    return SignatureSchemes.ED25519.maxSignatureLength();
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    return SignatureSchemes.ED25519.generateKeyPair(random);
  }

  @Override
  public PublicKey decodePublicKey(byte[] encoded) {
    decodes.incrementAndGet();
    return SignatureSchemes.ED25519.decodePublicKey(encoded);
  }

  @Override
  public PrivateKey decodePrivateKey(byte[] encoded) {
    return SignatureSchemes.ED25519.decodePrivateKey(encoded);
  }

  @Override
  public byte[] sign(PrivateKey key, byte[] message) {
    return SignatureSchemes.ED25519.sign(key, message);
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, byte[] signature) {
    return SignatureSchemes.ED25519.verify(key, message, signature);
  }
}
