package io.elo.p2p;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two places where the peer manager and discovery plug into {@link DefaultPeerNetwork}, kept
 * apart from its core logic: routing of inbound connections by their first frame, and admission of
 * verified peers (limits and inbound eviction).
 */
final class NetworkHooks {
  private NetworkHooks() {}

  /** Takes inbound connections before they become peer sessions. */
  interface InboundRouter {
    /**
     * Takes {@code connection} (not banned, network running); must set its handler. To make it a
     * peer connection, call {@code peerSession} with it: that returns the session's handler (to
     * pass every frame to, the first included), or null if the network refused it (and closed it).
     */
    void route(Connection connection, Function<Connection, FrameHandler> peerSession);
  }

  /** Decides whether a verified peer may join, replacing the network's own slot counts. */
  interface AdmissionPolicy {
    /**
     * Called under the network's lock, so it must not call back into the network.
     *
     * @param candidate the peer that completed its handshake
     * @param active the peers connected now (the candidate not among them)
     */
    Decision admit(Peer candidate, Collection<? extends Peer> active);
  }

  /**
   * An admission decision: refused with a reason, or admitted, possibly by evicting a connected
   * peer (which the network disconnects with {@link DisconnectReason#TOO_MANY_PEERS}).
   */
  record Decision(Optional<DisconnectReason> refusal, Optional<Peer> evict) {
    static Decision admit() {
      return new Decision(Optional.empty(), Optional.empty());
    }

    static Decision admitEvicting(Peer peer) {
      return new Decision(Optional.empty(), Optional.of(peer));
    }

    static Decision refuse(DisconnectReason reason) {
      return new Decision(Optional.of(reason), Optional.empty());
    }
  }
}
