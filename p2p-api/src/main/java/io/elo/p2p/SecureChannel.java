package io.elo.p2p;

import static com.google.common.base.Preconditions.checkState;

import io.elo.crypto.PublicKey;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The secure channel of one connection over a byte stream ({@code
 * Noise_XX_25519_ChaChaPoly_SHA256}, Noise specification revision 34), made by {@link
 * ChannelSecurity#newChannel}. It sits between the stream and the frames (socket, then channel,
 * then {@link FrameCodec}), so any stream transport can use it:
 *
 * <ol>
 *   <li><b>Handshake.</b> Send {@link #start()}'s bytes, then feed every received byte to {@link
 *       #receiveHandshake} and send what it returns, until {@link #isEstablished()}. Messages are
 *       2-byte big-endian lengths followed by the Noise message: {@code -> e}, {@code <- e, ee, s,
 *       es} with the responder's identity proof, {@code -> s, se} with the initiator's. Bytes past
 *       the handshake stay in the buffer for {@link #open}.
 *   <li><b>Transport.</b> {@link #seal} turns plaintext (frame headers and payloads) into wire
 *       bytes; {@link #open(ByteBuffer, FrameDecoder, Consumer)} decrypts wire bytes straight into
 *       the frames a {@link FrameDecoder} assembles (each payload byte written once, where it
 *       stays), or {@link #open(ByteBuffer, Consumer)} into one message's plaintext at a time.
 *       Messages carry at most 65,519 plaintext bytes, so larger frames are split and the frame
 *       decoder reassembles them, checking the frame size on its length prefix first.
 * </ol>
 *
 * <p>The remote node id ({@link #remoteNodeId()}) is the hash of the identity key that signed the
 * peer's Noise static key: the identity is bound to the channel, so a relay cannot substitute its
 * own keys. Failures throw {@link FrameException}: {@link DisconnectReason#HANDSHAKE_FAILED} in the
 * handshake (including a plaintext peer, whose first bytes are no Noise message), {@link
 * DisconnectReason#AUTHENTICATION_FAILED} afterwards (the connection must close and the peer
 * counts as misbehaving). After a failure the channel accepts no more input.
 *
 * <p>Threading: the handshake runs on one thread; afterwards {@link #seal} and {@link #open} may
 * run on two different threads, each called by one thread at a time.
 */
public final class SecureChannel {
  /** The largest Noise message, in bytes (the specification's limit). */
  public static final int MAX_MESSAGE_LENGTH = NoiseTransport.MAX_MESSAGE;
  /** The largest plaintext one transport message carries: the message limit minus the tag. */
  public static final int MAX_PLAINTEXT_LENGTH = NoiseTransport.MAX_PLAINTEXT;
  /** The largest handshake message accepted; real ones are under 400 bytes. */
  static final int MAX_HANDSHAKE_MESSAGE = 1024;

  private final NoiseHandshake handshake;
  private final byte[] identityProof;
  private final long rekeyInterval;

  // Handshake input, one length-prefixed message at a time.
  private final byte[] lengthBytes = new byte[NoiseTransport.LENGTH_PREFIX];
  private int lengthFilled;
  private byte[] message;
  private int messageFilled;

  private boolean started;
  private boolean failed;
  private PublicKey remoteIdentity;
  private NodeId remoteNodeId;
  private NoiseTransport transport;

  SecureChannel(NoiseHandshake handshake, byte[] identityProof, long rekeyInterval) {
    this.handshake = handshake;
    this.identityProof = identityProof;
    this.rekeyInterval = rekeyInterval;
  }

  /**
   * Begins the handshake: the bytes to send first (the initiator's first message), or none for the
   * responder. Called once, before anything else.
   */
  public byte[] start() {
    checkState(!started, "already started");
    started = true;
    return handshake.isMyTurn() ? frame(handshake.writeMessage(new byte[0])) : new byte[0];
  }

  /**
   * Consumes handshake bytes from {@code in} and returns the bytes to send in reply (possibly
   * none). Stops at the end of the handshake, leaving any later bytes in {@code in}.
   *
   * @throws FrameException ({@link DisconnectReason#HANDSHAKE_FAILED}) if the peer is not
   *     speaking this Noise protocol, fails it, or its identity proof does not hold
   * @throws IllegalStateException if not started, already established or failed
   */
  public byte[] receiveHandshake(ByteBuffer in) {
    checkState(started && transport == null && !failed, "not in the handshake");
    try {
      while (in.hasRemaining() && transport == null) {
        if (message == null) {
          lengthBytes[lengthFilled++] = in.get();
          if (lengthFilled == lengthBytes.length) {
            lengthFilled = 0;
            startMessage((lengthBytes[0] & 0xff) << 8 | (lengthBytes[1] & 0xff));
          }
          continue;
        }
        int n = Math.min(message.length - messageFilled, in.remaining());
        in.get(message, messageFilled, n);
        messageFilled += n;
        if (messageFilled == message.length) {
          byte[] complete = message;
          message = null;
          byte[] reply = process(complete);
          if (reply.length > 0) {
            return reply;
          }
        }
      }
      return new byte[0];
    } catch (FrameException e) {
      failed = true;
      throw e;
    }
  }

  /** Whether the handshake completed and the channel carries data. */
  public boolean isEstablished() {
    return transport != null;
  }

  /** Whether this side dialled (the Noise initiator). */
  public boolean isInitiator() {
    return handshake.isInitiator();
  }

  /** The peer's node id, proven by its identity key's signature over its Noise static key. */
  public NodeId remoteNodeId() {
    checkState(remoteNodeId != null, "handshake not complete");
    return remoteNodeId;
  }

  /** The peer's identity public key. */
  public PublicKey remoteIdentityKey() {
    checkState(remoteIdentity != null, "handshake not complete");
    return remoteIdentity;
  }

  /** Messages per direction between key rotations. */
  public long rekeyInterval() {
    return rekeyInterval;
  }

  /**
   * Encrypts the remaining bytes of {@code plaintext}, in order, consuming them: returns the wire
   * bytes (one or more length-prefixed transport messages), owned by the caller.
   *
   * @throws IllegalStateException if the handshake is not complete
   */
  public ByteBuffer seal(ByteBuffer... plaintext) {
    checkState(transport != null, "handshake not complete");
    return transport.seal(plaintext);
  }

  /**
   * Decrypts the remaining bytes of {@code wire} (any split of the stream, any kind of buffer: a
   * direct socket buffer is read in place) straight into the frames {@code frames} assembles, and
   * passes each complete frame to {@code sink}, in order, once every transport message that carried
   * it has authenticated. Nothing is delivered from a message that fails.
   *
   * @throws FrameException ({@link DisconnectReason#AUTHENTICATION_FAILED}) on a forged,
   *     replayed, reordered or corrupted message; the decoder's {@link
   *     DisconnectReason#FRAME_TOO_LARGE} once the message announcing the oversized frame
   *     authenticated
   * @throws IllegalStateException if the handshake is not complete or the channel failed
   */
  public void open(ByteBuffer wire, FrameDecoder frames, Consumer<byte[]> sink) {
    checkState(transport != null, "handshake not complete");
    transport.open(wire, frames, sink);
  }

  /**
   * Decrypts the remaining bytes of {@code wire} (any split of the stream) and passes the
   * plaintext of each complete transport message to {@code sink}, in order; the buffer is valid
   * only during the call.
   *
   * @throws FrameException ({@link DisconnectReason#AUTHENTICATION_FAILED}) on a forged,
   *     replayed, reordered or corrupted message
   * @throws IllegalStateException if the handshake is not complete or the channel failed
   */
  public void open(ByteBuffer wire, Consumer<ByteBuffer> sink) {
    checkState(transport != null, "handshake not complete");
    transport.open(wire, sink);
  }

  /** Wire bytes {@link #seal} produces for {@code plaintextLength} bytes in one call. */
  public static long sealedLength(long plaintextLength) {
    return NoiseTransport.sealedLength(plaintextLength);
  }

  private void startMessage(int length) {
    if (length == 0 || length > MAX_HANDSHAKE_MESSAGE) {
      throw new FrameException(
          DisconnectReason.HANDSHAKE_FAILED,
          "not a Noise handshake message (" + length + " bytes): a plaintext or foreign peer?");
    }
    message = new byte[length];
    messageFilled = 0;
  }

  /** Handles one complete handshake message; returns the reply to send, possibly empty. */
  private byte[] process(byte[] received) {
    byte[] payload = handshake.readMessage(received);
    if (handshake.isComplete()) {
      // Responder after message 3: check the initiator's proof, done.
      bind(payload);
      establish();
      return new byte[0];
    }
    if (!handshake.isInitiator()) {
      // Responder after message 1, which carries no payload: answer with our proof.
      requireEmpty(payload);
      return frame(handshake.writeMessage(identityProof));
    }
    // Initiator after message 2: check the responder's proof, send ours, done.
    bind(payload);
    byte[] reply = frame(handshake.writeMessage(identityProof));
    establish();
    return reply;
  }

  private static void requireEmpty(byte[] payload) {
    if (payload.length != 0) {
      throw new FrameException(
          DisconnectReason.HANDSHAKE_FAILED, "first handshake message carries a payload");
    }
  }

  private void bind(byte[] proof) {
    Optional<PublicKey> key = NoiseIdentityProof.verify(proof, handshake.remoteStatic());
    if (key.isEmpty()) {
      throw new FrameException(
          DisconnectReason.HANDSHAKE_FAILED,
          "identity proof does not sign the peer's Noise static key");
    }
    remoteIdentity = key.get();
    remoteNodeId = NodeId.of(remoteIdentity);
  }

  private void establish() {
    NoiseCipherState[] states = handshake.split();
    transport = new NoiseTransport(states[0], states[1], rekeyInterval);
  }

  private static byte[] frame(byte[] noiseMessage) {
    byte[] out = new byte[NoiseTransport.LENGTH_PREFIX + noiseMessage.length];
    out[0] = (byte) (noiseMessage.length >>> 8);
    out[1] = (byte) noiseMessage.length;
    System.arraycopy(noiseMessage, 0, out, NoiseTransport.LENGTH_PREFIX, noiseMessage.length);
    return out;
  }
}
