package io.elo.p2p;

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

  /** Called once when a peer that was reported connected is gone. */
  default void onPeerDisconnected(Peer peer, DisconnectReason reason) {}
}
