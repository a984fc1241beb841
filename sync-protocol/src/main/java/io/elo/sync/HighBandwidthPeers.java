package io.elo.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The peers asked for high-bandwidth compact block relay, as Bitcoin Core chooses them: at most
 * {@code max}, the ones that most recently gave us a new valid block first. A peer that delivers
 * one moves to the back (most recent); a new one is told {@code SendCompact(true)} and, past the
 * bound, the front one (least recent) is told {@code SendCompact(false)}. Guarded by the protocol's
 * lock.
 */
final class HighBandwidthPeers {
  private final int max;
  private final List<PeerState> peers = new ArrayList<>();

  HighBandwidthPeers(int max) {
    this.max = max;
  }

  /** {@code p} gave us a new valid block first: promote it, telling who changed. */
  void deliveredFirst(PeerState p, Outbox out) {
    if (max == 0 || p.dropped) {
      return;
    }
    if (peers.remove(p)) {
      peers.add(p);
      return;
    }
    peers.add(p);
    out.send(p.peer, new ChainMessage.SendCompact(true));
    if (peers.size() > max) {
      PeerState demoted = peers.remove(0);
      out.send(demoted.peer, new ChainMessage.SendCompact(false));
    }
  }

  /** Forgets a disconnected peer (nothing to tell it). */
  void remove(PeerState p) {
    peers.remove(p);
  }

  /** The chosen peers, least recent first. */
  List<PeerState> peers() {
    return List.copyOf(peers);
  }

  boolean contains(PeerState p) {
    return peers.contains(p);
  }
}
