package io.elo.p2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.internal.proto.Challenge;
import io.elo.p2p.internal.proto.Disconnect;
import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.Ping;
import io.elo.p2p.internal.proto.Pong;
import io.elo.p2p.internal.proto.ProtocolMessage;
import io.elo.p2p.internal.proto.Ready;

/** Encodes and decodes the peer-protocol envelopes (see p2p.proto and docs/p2p.md). */
final class Messages {
  static final String CHALLENGE = "challenge";
  static final String HELLO = "hello";
  static final String READY = "ready";
  static final String PING = "ping";
  static final String PONG = "pong";
  static final String DISCONNECT = "disconnect";
  static final String UNREGISTERED = "unregistered";
  static final String MALFORMED = "malformed";

  private Messages() {}

  static byte[] challenge(byte[] nonce) {
    return Envelope.newBuilder()
        .setChallenge(Challenge.newBuilder().setNonce(ByteString.copyFrom(nonce)))
        .build()
        .toByteArray();
  }

  static byte[] ready() {
    return Envelope.newBuilder().setReady(Ready.getDefaultInstance()).build().toByteArray();
  }

  static byte[] ping(long nonce) {
    return Envelope.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build().toByteArray();
  }

  static byte[] pong(long nonce) {
    return Envelope.newBuilder()
        .setPingReply(Pong.newBuilder().setNonce(nonce))
        .build()
        .toByteArray();
  }

  static byte[] disconnect(DisconnectReason reason) {
    return Envelope.newBuilder()
        .setDisconnect(Disconnect.newBuilder().setReason(reason.code()))
        .build()
        .toByteArray();
  }

  static byte[] protocolMessage(ProtocolId protocol, byte[] payload) {
    return Envelope.newBuilder()
        .setMessage(
            ProtocolMessage.newBuilder()
                .setProtocol(protocol.name())
                .setVersion(protocol.version())
                .setPayload(ByteString.copyFrom(payload)))
        .build()
        .toByteArray();
  }

  /**
   * Decodes one frame.
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is not an envelope
   */
  static Envelope decode(byte[] frame) {
    try {
      Envelope envelope = Envelope.parseFrom(frame);
      if (envelope.getKindCase() == Envelope.KindCase.KIND_NOT_SET) {
        throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "empty envelope");
      }
      return envelope;
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "malformed envelope");
    }
  }

  /** The counter name of an envelope's kind. */
  static String kind(Envelope envelope) {
    return switch (envelope.getKindCase()) {
      case CHALLENGE -> CHALLENGE;
      case HELLO -> HELLO;
      case READY -> READY;
      case PING -> PING;
      case PING_REPLY -> PONG;
      case DISCONNECT -> DISCONNECT;
      case MESSAGE -> UNREGISTERED;
      case KIND_NOT_SET -> MALFORMED;
    };
  }
}
