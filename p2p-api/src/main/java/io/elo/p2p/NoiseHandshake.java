package io.elo.p2p;

import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The Noise {@code HandshakeState} of pattern XX with Curve25519 (specification revision 34,
 * sections 5.3 and 7.5), for one side:
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * Keys are given as 32-byte private keys (so the published test vectors can fix them); a
 * Diffie-Hellman result of all zeros (a low-order public key) fails the handshake. Malformed or
 * unauthenticated messages throw {@link FrameException} with {@link
 * DisconnectReason#HANDSHAKE_FAILED}. Not thread-safe.
 */
final class NoiseHandshake {
  /** Length of a Curve25519 public key and of a Diffie-Hellman output, in bytes. */
  static final int DH_LENGTH = 32;

  private final boolean initiator;
  private final NoiseSymmetricState symmetric = new NoiseSymmetricState();
  private final byte[] staticPrivate;
  private final byte[] staticPublic;
  private final byte[] ephemeralPrivate;
  private final byte[] ephemeralPublic;
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  private int step;

  /**
   * Starts a handshake ({@code Initialize}): mixes the prologue into the hash.
   *
   * @param staticPrivate this side's static private key, 32 bytes
   * @param ephemeralPrivate this side's fresh ephemeral private key, 32 bytes
   */
  NoiseHandshake(
      boolean initiator, byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate) {
    this.initiator = initiator;
    this.staticPrivate = staticPrivate.clone();
    this.staticPublic = publicKey(staticPrivate);
    this.ephemeralPrivate = ephemeralPrivate.clone();
    this.ephemeralPublic = publicKey(ephemeralPrivate);
    symmetric.mixHash(prologue);
  }

  /** The public key of a Curve25519 private key. */
  static byte[] publicKey(byte[] privateKey) {
    byte[] out = new byte[DH_LENGTH];
    X25519.scalarMultBase(privateKey, 0, out, 0);
    return out;
  }

  /** Whether this side started the handshake. */
  boolean isInitiator() {
    return initiator;
  }

  /** Whether this side writes the next message. */
  boolean isMyTurn() {
    return step < 3 && (step % 2 == 0) == initiator;
  }

  /** Whether all three messages went through. */
  boolean isComplete() {
    return step == 3;
  }

  /** The remote static public key, once received (message 2 for the initiator, 3 otherwise). */
  byte[] remoteStatic() {
    checkState(remoteStatic != null, "remote static key not received yet");
    return remoteStatic.clone();
  }

  /** This side's static public key. */
  byte[] localStatic() {
    return staticPublic.clone();
  }

  /** The handshake hash, for channel binding. */
  byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /** {@code WriteMessage(payload)}: the next message of this side, carrying {@code payload}. */
  byte[] writeMessage(byte[] payload) {
    checkState(isMyTurn(), "not this side's turn to write");
    byte[] tokens;
    switch (step) {
      case 0 -> { // -> e
        symmetric.mixHash(ephemeralPublic);
        tokens = ephemeralPublic.clone();
      }
      case 1 -> { // <- e, ee, s, es
        symmetric.mixHash(ephemeralPublic);
        symmetric.mixKey(dh(ephemeralPrivate, remoteEphemeral));
        byte[] s = symmetric.encryptAndHash(staticPublic);
        symmetric.mixKey(dh(staticPrivate, remoteEphemeral));
        tokens = concat(ephemeralPublic, s);
      }
      default -> { // -> s, se
        tokens = symmetric.encryptAndHash(staticPublic);
        symmetric.mixKey(dh(staticPrivate, remoteEphemeral));
      }
    }
    step++;
    return concat(tokens, symmetric.encryptAndHash(payload));
  }

  /**
   * {@code ReadMessage(message)}: processes the peer's next message and returns its payload.
   *
   * @throws FrameException ({@code HANDSHAKE_FAILED}) if the message is short, fails
   *     authentication or carries a low-order key
   */
  byte[] readMessage(byte[] message) {
    checkState(step < 3 && !isMyTurn(), "not this side's turn to read");
    int pos = 0;
    switch (step) {
      case 0 -> { // -> e
        remoteEphemeral = take(message, pos, DH_LENGTH);
        pos += DH_LENGTH;
        symmetric.mixHash(remoteEphemeral);
      }
      case 1 -> { // <- e, ee, s, es
        remoteEphemeral = take(message, pos, DH_LENGTH);
        pos += DH_LENGTH;
        symmetric.mixHash(remoteEphemeral);
        symmetric.mixKey(dh(ephemeralPrivate, remoteEphemeral));
        remoteStatic = decrypt(message, pos, DH_LENGTH + NoiseCipherState.TAG_LENGTH);
        pos += DH_LENGTH + NoiseCipherState.TAG_LENGTH;
        symmetric.mixKey(dh(ephemeralPrivate, remoteStatic));
      }
      default -> { // -> s, se
        remoteStatic = decrypt(message, pos, DH_LENGTH + NoiseCipherState.TAG_LENGTH);
        pos += DH_LENGTH + NoiseCipherState.TAG_LENGTH;
        symmetric.mixKey(dh(ephemeralPrivate, remoteStatic));
      }
    }
    byte[] payload = decrypt(message, pos, message.length - pos);
    step++;
    return payload;
  }

  /**
   * {@code Split()}: returns {sending, receiving} cipher states for this side and wipes the
   * handshake's secrets.
   */
  NoiseCipherState[] split() {
    checkState(isComplete(), "handshake not complete");
    NoiseCipherState[] pair = symmetric.split();
    Arrays.fill(ephemeralPrivate, (byte) 0);
    Arrays.fill(staticPrivate, (byte) 0);
    return initiator ? pair : new NoiseCipherState[] {pair[1], pair[0]};
  }

  private byte[] decrypt(byte[] message, int offset, int length) {
    if (length < 0 || offset + length > message.length) {
      throw failure("handshake message " + (step + 1) + " is too short");
    }
    byte[] plain = symmetric.decryptAndHash(message, offset, length);
    if (plain == null) {
      throw failure("handshake message " + (step + 1) + " failed authentication");
    }
    return plain;
  }

  private byte[] take(byte[] message, int offset, int length) {
    if (offset + length > message.length) {
      throw failure("handshake message " + (step + 1) + " is too short");
    }
    return Arrays.copyOfRange(message, offset, offset + length);
  }

  private static byte[] dh(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[DH_LENGTH];
    if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0)) {
      throw failure("peer sent a low-order Curve25519 key");
    }
    return out;
  }

  private static FrameException failure(String message) {
    return new FrameException(DisconnectReason.HANDSHAKE_FAILED, message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
