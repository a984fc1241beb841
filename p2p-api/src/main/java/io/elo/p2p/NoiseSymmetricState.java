package io.elo.p2p;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code SymmetricState} with SHA-256 (specification revision 34, section 5.2): the
 * chaining key, the handshake hash and the handshake's {@link NoiseCipherState}. SHA-256 and
 * HMAC-SHA-256 come from the JDK, whose SHA-256 uses the CPU's SHA extensions (MEASUREMENTS.md).
 */
final class NoiseSymmetricState {
  /** The protocol name; 32 bytes, exactly {@code HASHLEN}, so it is the initial hash as is. */
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  static final int HASH_LENGTH = 32;

  private final MessageDigest sha256;
  private final Mac hmac;
  private final NoiseCipherState cipher = new NoiseCipherState();
  private byte[] chainingKey;
  private byte[] hash;

  NoiseSymmetricState() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
      hmac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has SHA-256 and HMAC-SHA-256", e);
    }
    byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    hash = Arrays.copyOf(name, HASH_LENGTH);
    chainingKey = hash.clone();
    cipher.initializeKey(null);
  }

  /** {@code MixKey(ikm)}. */
  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(chainingKey, inputKeyMaterial, 2);
    chainingKey = out[0];
    cipher.initializeKey(out[1]);
  }

  /** {@code MixHash(data)}. */
  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  void mixHash(byte[] data, int offset, int length) {
    sha256.update(hash);
    sha256.update(data, offset, length);
    hash = sha256.digest();
  }

  /** The handshake hash {@code h} (a copy). */
  byte[] handshakeHash() {
    return hash.clone();
  }

  /** {@code EncryptAndHash(plaintext)}, returning the ciphertext. */
  byte[] encryptAndHash(byte[] plaintext) {
    byte[] out = new byte[plaintext.length + (cipher.hasKey() ? NoiseCipherState.TAG_LENGTH : 0)];
    cipher.encrypt(hash, plaintext, 0, plaintext.length, out, 0);
    mixHash(out);
    return out;
  }

  /**
   * {@code DecryptAndHash(ciphertext)} of {@code length} bytes at {@code offset}.
   *
   * @return the plaintext, or null if authentication failed
   */
  byte[] decryptAndHash(byte[] in, int offset, int length) {
    int plainLength = length - (cipher.hasKey() ? NoiseCipherState.TAG_LENGTH : 0);
    if (plainLength < 0) {
      return null;
    }
    byte[] out = new byte[plainLength];
    if (cipher.decrypt(hash, in, offset, length, out, 0) < 0) {
      return null;
    }
    mixHash(in, offset, length);
    return out;
  }

  /** Whether the handshake cipher has a key yet (so payloads are encrypted and tagged). */
  boolean hasKey() {
    return cipher.hasKey();
  }

  /** {@code Split()}: the initiator-to-responder and responder-to-initiator cipher states. */
  NoiseCipherState[] split() {
    byte[][] out = hkdf(chainingKey, new byte[0], 2);
    NoiseCipherState first = new NoiseCipherState();
    first.initializeKey(out[0]);
    NoiseCipherState second = new NoiseCipherState();
    second.initializeKey(out[1]);
    Arrays.fill(out[0], (byte) 0);
    Arrays.fill(out[1], (byte) 0);
    Arrays.fill(chainingKey, (byte) 0);
    cipher.destroy();
    return new NoiseCipherState[] {first, second};
  }

  /** {@code HKDF(chaining_key, input_key_material, num_outputs)}, HMAC-SHA-256 (section 4.3). */
  private byte[][] hkdf(byte[] key, byte[] inputKeyMaterial, int outputs) {
    byte[] tempKey = hmac(key, inputKeyMaterial);
    byte[][] out = new byte[outputs][];
    byte[] previous = new byte[0];
    for (int i = 0; i < outputs; i++) {
      byte[] input = Arrays.copyOf(previous, previous.length + 1);
      input[previous.length] = (byte) (i + 1);
      previous = hmac(tempKey, input);
      out[i] = previous;
    }
    Arrays.fill(tempKey, (byte) 0);
    return out;
  }

  private byte[] hmac(byte[] key, byte[] data) {
    try {
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException("HMAC takes any key", e);
    }
    return hmac.doFinal(data);
  }
}
