package io.elo.p2p;

import java.util.Collection;
import java.util.Optional;

/** Whether a verified peer may take a slot: self, expected id, duplicates, limits. */
final class Admission {
  private Admission() {}

  /**
   * Decides on {@code session} (remote {@code remoteId}) given the admitted sessions. Duplicate
   * rule: of two connections between the same nodes, both sides keep the one dialled by the node
   * with the smaller id, or the older one if the same node dialled both; an empty answer with an
   * {@code existing} session means the new one replaces it.
   */
  static Optional<DisconnectReason> decide(
      NodeId localId,
      NodeId remoteId,
      PeerSession session,
      PeerSession existing,
      Collection<PeerSession> admitted,
      NetworkConfig config) {
    if (remoteId.equals(localId)) {
      return Optional.of(DisconnectReason.SELF_CONNECTION);
    }
    if (session.expectedId().isPresent() && !session.expectedId().get().equals(remoteId)) {
      return Optional.of(DisconnectReason.HANDSHAKE_FAILED);
    }
    if (existing != null) {
      NodeId preferred = localId.compareTo(remoteId) < 0 ? localId : remoteId;
      NodeId existingDialler = dialler(existing, localId, remoteId);
      if (existingDialler.equals(preferred)
          || dialler(session, localId, remoteId).equals(existingDialler)) {
        return Optional.of(DisconnectReason.DUPLICATE);
      }
      return Optional.empty();
    }
    int inbound = 0;
    for (PeerSession peer : admitted) {
      inbound += peer.isInbound() ? 1 : 0;
    }
    int outbound = admitted.size() - inbound;
    boolean full =
        session.isInbound()
            ? inbound >= config.maxInboundPeers()
            : outbound >= config.maxOutboundPeers();
    return full ? Optional.of(DisconnectReason.TOO_MANY_PEERS) : Optional.empty();
  }

  private static NodeId dialler(PeerSession session, NodeId localId, NodeId remoteId) {
    return session.isInbound() ? remoteId : localId;
  }
}
