package io.elo.p2p;

import java.time.Instant;
import java.util.Optional;

/** The kinds of outbound connection the peer manager makes, and its records of them. */
final class ConnectionKind {
  /** Fills the outbound target. */
  static final String REGULAR = "regular";

  /** Tests an address and disconnects at once. */
  static final String FEELER = "feeler";

  /** Keeps a static peer connected. */
  static final String STATIC = "static";

  /** Dialled by someone else (the application). */
  static final String OTHER = "other";

  private ConnectionKind() {}

  /** A dial in progress. */
  record Dial(
      PeerAddress address,
      Optional<NodeId> nodeId,
      String kind,
      boolean fromNew,
      Instant startedAt) {}

  /** A connected outbound peer. */
  record Outbound(Peer peer, String kind, boolean fromNew, NetGroup group) {}
}
