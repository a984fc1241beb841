package io.elo.p2p;

import java.nio.ByteBuffer;

/**
 * An upper protocol registered on a {@link PeerNetwork} under a {@link ProtocolId}: the chain
 * protocol, discovery, or an application's own.
 *
 * <p>Threading: for one peer, calls are serialized and ordered: {@link #onPeerConnected} first,
 * then {@link #onMessage} in the order the peer sent the messages, then {@link
 * #onPeerDisconnected} exactly once; each call happens-before the next. Calls for different peers
 * may run concurrently on different threads (on a {@code SimulatedNetwork} they all run on its
 * scheduler). Handlers must not block; heavy work belongs on the handler's own executor. A
 * handler that throws has the exception logged and the peer disconnected with {@link
 * DisconnectReason#PROTOCOL_ERROR}.
 */
public interface ProtocolHandler {
  /**
   * Called when a peer completes the handshake, whether or not it announced this protocol (see
   * {@link Peer#supports}).
   */
  default void onPeerConnected(Peer peer) {}

  /** Called with each message of this protocol from {@code peer}; the array belongs to the callee. */
  void onMessage(Peer peer, byte[] payload);

  /**
   * Called with each message of this protocol from {@code peer}, as a view of the frame it arrived
   * in: the payload is the buffer's remaining bytes. This is the method the network calls; the
   * default copies the payload and calls {@link #onMessage(Peer, byte[])}, so a protocol that wants
   * no copy overrides this one.
   *
   * <p>Lifetime: the network hands each frame to exactly one call and never writes, reuses or
   * keeps it afterwards, so the callee may keep the buffer, or read-only views of it, as long as
   * it likes: a value decoded from it can keep its bytes without copying them (see {@code
   * Block.decode(ByteBuffer)} in core-model). The buffer is array-backed so that codecs can parse
   * it in place; the callee must never write into it, since what it decoded shares those bytes.
   * Its position and limit are the callee's to move.
   */
  default void onMessage(Peer peer, ByteBuffer payload) {
    byte[] copy = new byte[payload.remaining()];
    payload.get(payload.position(), copy);
    onMessage(peer, copy);
  }

  /** Called once when a peer that was reported connected is gone. */
  default void onPeerDisconnected(Peer peer, DisconnectReason reason) {}
}
