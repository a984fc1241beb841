package io.elo.p2p;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/** Test fixture: secure channel pairs whose handshake runs in memory. */
final class SecureChannels {
  private SecureChannels() {}

  /** An initiator and a responder, connected. */
  record Pair(SecureChannel initiator, SecureChannel responder) {}

  static ChannelSecurity security(long seed) {
    SecureRandom random = deterministic(seed);
    return ChannelSecurity.encrypted(NodeIdentity.generate(random), random);
  }

  /** A SecureRandom that always gives the same bytes for the same seed (tests only). */
  static SecureRandom deterministic(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the handshake between two fresh channels of {@code a} (dialling) and {@code b}. */
  static Pair connect(ChannelSecurity a, ChannelSecurity b) {
    SecureChannel initiator = a.newChannel(true);
    SecureChannel responder = b.newChannel(false);
    handshake(initiator, responder);
    return new Pair(initiator, responder);
  }

  /** Shuttles handshake bytes between two started-or-not channels until both are established. */
  static void handshake(SecureChannel initiator, SecureChannel responder) {
    byte[] toResponder = initiator.start();
    byte[] toInitiator = responder.start();
    for (int round = 0; round < 4; round++) {
      if (toResponder.length > 0) {
        toInitiator = responder.receiveHandshake(ByteBuffer.wrap(toResponder));
        toResponder = new byte[0];
      }
      if (toInitiator.length > 0) {
        toResponder = initiator.receiveHandshake(ByteBuffer.wrap(toInitiator));
        toInitiator = new byte[0];
      }
    }
  }
}
