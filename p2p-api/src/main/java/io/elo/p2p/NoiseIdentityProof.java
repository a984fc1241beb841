package io.elo.p2p;

import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The payload of Noise handshake messages 2 and 3: the sender's identity public key and its
 * signature over the sender's Noise static key. Noise proves that the peer holds the static key;
 * this proves that the identity key vouches for it, so the peer layer's node id is the holder of
 * the identity key and a relay that substitutes its own Noise keys cannot reuse the proof.
 *
 * <p>Encoding: {@code version (1 byte, = 1) ‖ scheme id (1) ‖ key length (2, big-endian) ‖
 * key ‖ signature length (2) ‖ signature}; keys and signatures of at most 255 bytes; no trailing bytes.
 * The signed message is {@code "elo/p2p/noise-static/v1"} (UTF-8) followed by the 32-byte static
 * public key.
 */
final class NoiseIdentityProof {
  static final int VERSION = 1;
  static final int MAX_FIELD_LENGTH = 255;

  private static final byte[] DOMAIN = "elo/p2p/noise-static/v1".getBytes(StandardCharsets.UTF_8);

  private NoiseIdentityProof() {}

  /** The proof of {@code identity} for the Noise static public key {@code staticKey}. */
  static byte[] create(NodeIdentity identity, byte[] staticKey) {
    byte[] key = identity.publicKey().toBytes();
    byte[] signature = identity.sign(signedMessage(staticKey));
    ByteBuffer out = ByteBuffer.allocate(1 + 1 + 2 + key.length + 2 + signature.length);
    out.put((byte) VERSION).put(identity.publicKey().scheme().id());
    out.putShort((short) key.length).put(key);
    out.putShort((short) signature.length).put(signature);
    return out.array();
  }

  /**
   * Checks a received proof against the static key the Noise handshake authenticated.
   *
   * @return the identity key, or empty if the proof is malformed, names an unknown scheme or an
   *     invalid key, or its signature does not cover {@code staticKey}
   */
  static Optional<PublicKey> verify(byte[] proof, byte[] staticKey) {
    ByteBuffer in = ByteBuffer.wrap(proof);
    if (in.remaining() < 4 || in.get() != VERSION) {
      return Optional.empty();
    }
    Optional<SignatureScheme> scheme = SignatureSchemes.byId(in.get());
    byte[] key = field(in);
    byte[] signature = key == null ? null : field(in);
    if (scheme.isEmpty() || signature == null || in.hasRemaining()) {
      return Optional.empty();
    }
    PublicKey publicKey;
    try {
      publicKey = scheme.get().decodePublicKey(key);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return scheme.get().verify(publicKey, signedMessage(staticKey), signature)
        ? Optional.of(publicKey)
        : Optional.empty();
  }

  private static byte[] field(ByteBuffer in) {
    if (in.remaining() < 2) {
      return null;
    }
    int length = in.getShort() & 0xffff;
    if (length > MAX_FIELD_LENGTH || in.remaining() < length) {
      return null;
    }
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  private static byte[] signedMessage(byte[] staticKey) {
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + staticKey.length);
    System.arraycopy(staticKey, 0, message, DOMAIN.length, staticKey.length);
    return message;
  }
}
