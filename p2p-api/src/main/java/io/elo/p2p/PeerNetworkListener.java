package io.elo.p2p;

/**
 * Observes peers coming and going on a {@link PeerNetwork}; the peer manager and applications
 * use it. Same threading as {@link ProtocolHandler}: calls about one peer are serialized and
 * ordered, calls must not block, and an exception is logged and otherwise ignored.
 */
public interface PeerNetworkListener {
  /** A peer completed the handshake. Called before any protocol sees the peer. */
  default void onPeerConnected(Peer peer) {}

  /** A connected peer is gone. Called after every protocol saw the disconnect. */
  default void onPeerDisconnected(Peer peer, DisconnectReason reason, boolean byRemote) {}

  /**
   * A connection ended before the handshake completed (dial failure, refusal, handshake failure).
   *
   * @param address the remote address
   * @param outbound whether this node dialled
   * @param reason why
   */
  default void onConnectionFailed(PeerAddress address, boolean outbound, DisconnectReason reason) {}
}
