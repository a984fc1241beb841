package io.elo.p2p;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.elo.p2p.internal.proto.Challenge;
import io.elo.p2p.internal.proto.Disconnect;
import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.Ping;
import io.elo.p2p.internal.proto.Pong;
import io.elo.p2p.internal.proto.ProtocolMessage;
import io.elo.p2p.internal.proto.Ready;
import java.io.IOException;
import java.nio.ByteBuffer;

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
                // Peer.send's caller gives the array up: no copy before serialising.
                .setPayload(UnsafeByteOperations.unsafeWrap(payload)))
        .build()
        .toByteArray();
  }

  /**
   * Decodes one frame. Bytes fields alias the frame rather than copy it (the frame is never
   * written after delivery), so a protocol payload costs no copy: see {@link #payload}.
   *
   * @throws FrameException with {@link DisconnectReason#PROTOCOL_ERROR} if it is not an envelope
   */
  static Envelope decode(byte[] frame) {
    try {
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
      in.enableAliasing(true);
      Envelope envelope = Envelope.parseFrom(in);
      if (envelope.getKindCase() == Envelope.KindCase.KIND_NOT_SET) {
        throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "empty envelope");
      }
      return envelope;
    } catch (IOException e) {
      // InvalidProtocolBufferException: reading an array throws nothing else.
      throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "malformed envelope");
    }
  }

  /**
   * The payload of a decoded protocol message as a view of the frame it aliases: array-backed,
   * position 0, no copy.
   */
  static ByteBuffer payload(ProtocolMessage message) {
    ByteString payload = message.getPayload();
    ArrayView view = new ArrayView();
    try {
      UnsafeByteOperations.unsafeWriteTo(payload, view);
    } catch (IOException e) {
      throw new IllegalStateException("an array view does not fail", e);
    }
    // An aliased parse of one array always gives one range; anything else is copied.
    return view.pieces == 1 && view.buffer != null
        ? view.buffer
        : ByteBuffer.wrap(payload.toByteArray());
  }

  /** Captures the array range a byte string lies in (protobuf's sanctioned way to reach it). */
  private static final class ArrayView extends ByteOutput {
    private ByteBuffer buffer;
    private int pieces;

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      pieces++;
      buffer = ByteBuffer.wrap(value, offset, length).slice();
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      pieces += 2;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      pieces += 2;
    }

    @Override
    public void write(ByteBuffer value) {
      pieces += 2;
    }

    @Override
    public void write(byte value) {
      pieces += 2;
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
