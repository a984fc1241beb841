package io.elo.p2p;

import io.elo.p2p.internal.proto.Envelope;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Test fixture for the TCP abuse tests: the peer-protocol frames a hand-driven peer sends (the
 * encoders are package-private in p2p-api), so a test can speak the protocol correctly up to the
 * point where it misbehaves. Every hello is for {@link TestNodes#NETWORK_ID} and {@link
 * TestNodes#GENESIS}.
 */
public final class WireFrames {
  /** Bytes of a handshake nonce. */
  public static final int NONCE_LENGTH = Handshake.NONCE_LENGTH;
  /** Most protocols a hello may announce. */
  public static final int MAX_HELLO_PROTOCOLS = Handshake.MAX_PROTOCOLS;

  private WireFrames() {}

  /** A {@code Challenge} with {@code nonce}. */
  public static byte[] challenge(byte[] nonce) {
    return Messages.challenge(nonce);
  }

  /**
   * An unsigned hello (the secure channel proves the identity) echoing {@code localNonce} and
   * announcing {@code protocolCount} distinct protocols.
   */
  public static byte[] hello(
      NodeIdentity identity, byte[] localNonce, byte[] remoteNonce, int protocolCount) {
    Set<ProtocolId> protocols = new LinkedHashSet<>();
    for (int i = 0; i < protocolCount; i++) {
      protocols.add(ProtocolId.of("p" + i, 1));
    }
    return Handshake.hello(
        identity,
        TestNodes.NETWORK_ID,
        TestNodes.GENESIS,
        Optional.empty(),
        protocols,
        localNonce,
        remoteNonce,
        false);
  }

  /** A {@code Ready}. */
  public static byte[] ready() {
    return Messages.ready();
  }

  /** A {@code Ping} with {@code nonce}. */
  public static byte[] ping(long nonce) {
    return Messages.ping(nonce);
  }

  /** A {@code Pong} answering {@code nonce}. */
  public static byte[] pong(long nonce) {
    return Messages.pong(nonce);
  }

  /** A protocol message of {@code protocol} carrying {@code payload}. */
  public static byte[] protocolMessage(ProtocolId protocol, byte[] payload) {
    return Messages.protocolMessage(protocol, payload);
  }

  /** Decodes a frame the node sent. */
  public static Envelope decode(byte[] frame) {
    return Messages.decode(frame);
  }
}
