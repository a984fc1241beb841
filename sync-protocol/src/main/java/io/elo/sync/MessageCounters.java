package io.elo.sync;

import io.elo.p2p.Peer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Messages and bytes of the chain protocol per message kind and direction. The kind is read from
 * the envelope's first tag (the {@code oneof} field number), so counting costs no parse. Lock-free;
 * every send of the protocol goes through {@link #send}.
 */
final class MessageCounters {
  /** Field numbers 1..31 are message kinds; 0 collects anything else (empty, unknown, garbage). */
  private static final int KINDS = 32;

  private final AtomicLongArray messagesIn = new AtomicLongArray(KINDS);
  private final AtomicLongArray bytesIn = new AtomicLongArray(KINDS);
  private final AtomicLongArray messagesOut = new AtomicLongArray(KINDS);
  private final AtomicLongArray bytesOut = new AtomicLongArray(KINDS);

  /** Sends {@code message} to {@code peer} on the chain protocol and counts it if it was sent. */
  boolean send(Peer peer, byte[] message) {
    boolean sent = peer.send(ChainProtocol.ID, message);
    if (sent) {
      int kind = kind(message);
      messagesOut.incrementAndGet(kind);
      bytesOut.addAndGet(kind, message.length);
    }
    return sent;
  }

  /** Sends an answer to a request like {@link #send}; returns its length, sent or not. */
  int reply(Peer peer, byte[] message) {
    send(peer, message);
    return message.length;
  }

  /** Counts a received payload. */
  void received(byte[] payload) {
    received(ByteBuffer.wrap(payload));
  }

  /** Counts a received payload: the remaining bytes of {@code payload}, which it does not move. */
  void received(ByteBuffer payload) {
    int kind = ChainCodec.kind(payload);
    messagesIn.incrementAndGet(kind);
    bytesIn.addAndGet(kind, payload.remaining());
  }

  /** One entry per message kind this version knows, in id order, plus "unknown". */
  List<ChainMessageStats> snapshot() {
    List<ChainMessageStats> result = new ArrayList<>();
    for (int i = 0; i < KINDS; i++) {
      String name = name(i);
      if (name != null) {
        result.add(
            new ChainMessageStats(
                name, messagesIn.get(i), bytesIn.get(i), messagesOut.get(i), bytesOut.get(i)));
      }
    }
    return List.copyOf(result);
  }

  /** The {@code oneof} field number of an encoded envelope: its first tag's field, else 0. */
  static int kind(byte[] payload) {
    return ChainCodec.kind(payload);
  }

  private static String name(int field) {
    return ChainCodec.kindName(field);
  }
}
