package io.elo.node;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Shared fixture (test-jar): a node listener that records why each peer was disconnected. */
public final class Disconnects implements NodeListener {
  private final Map<NodeId, DisconnectReason> reasons = new ConcurrentHashMap<>();

  @Override
  public void peerDisconnected(Peer peer, DisconnectReason reason) {
    reasons.put(peer.nodeId(), reason);
  }

  /** Why {@code peer} was last disconnected, if it was. */
  public Optional<DisconnectReason> of(NodeId peer) {
    return Optional.ofNullable(reasons.get(peer));
  }

  /** Whether any peer was disconnected. */
  public boolean any() {
    return !reasons.isEmpty();
  }
}
