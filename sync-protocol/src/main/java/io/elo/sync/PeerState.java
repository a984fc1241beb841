package io.elo.sync;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.p2p.Peer;
import io.elo.validation.ChainTip;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the chain protocol knows about one peer: its identity, what its status said, the chain and
 * the hashes it is known to have. Owned by the protocol thread; the per-part state hangs off it
 * ({@link #download}, {@link #tx}), each written only by its part.
 */
final class PeerState {
  /** Most hashes remembered as known to the peer (announcement suppression); oldest evicted. */
  static final int MAX_KNOWN = 2048;
  /** Answers to GetHeaders that do not connect, tolerated before the peer is penalised. */
  static final int MAX_UNCONNECTING = 10;
  /** Headers from the future remembered per peer, to fetch again when due; oldest forgotten. */
  static final int MAX_FUTURE = 16;

  final Peer peer;
  final long order;
  boolean statusReceived;
  Hash statusBest;
  ChainWork statusWork = ChainWork.ZERO;
  /** The most-work chain in our block index that the peer is known to have. */
  ChainTip knownTip;
  /** When the outstanding GetHeaders was sent (millis), or -1. */
  long headersRequestedAt = -1;
  /**
   * A block announced while GetHeaders was outstanding did not connect: the reply may predate it,
   * so ask again once the reply is in (else the announcement could be lost for good, since the
   * peer will not announce that block twice).
   */
  boolean headersAgain;
  HeaderPresync presync;
  /** Transaction relay state, set when the peer connects. */
  TxPeer tx;
  /** The peer's header chain was found to be light or exhausted: do not ask again unprompted. */
  boolean headersDone;
  int unconnecting;
  /** The peer asked for compact blocks pushed before validation (SendCompact true). */
  boolean wantsHighBandwidth;
  /** Set once the protocol decided to drop the peer, before the disconnect lands. */
  boolean dropped;
  /** Block download state, written only by the {@link BlockDownload}. */
  final DownloadPeer download;
  /**
   * Headers (or blocks) this peer sent that were refused as too far in the future: hash to the
   * time (millis) our clock lets them in. The peer marked them known and will not send them again,
   * so we ask for its headers once they are due.
   */
  final Map<Hash, Long> future = new LinkedHashMap<>();
  private final Set<Hash> known = new LinkedHashSet<>();

  PeerState(Peer peer, long order, int unrequestedBurst, long now) {
    this.peer = peer;
    this.order = order;
    this.download = new DownloadPeer(unrequestedBurst, now);
  }

  void markKnown(Hash hash) {
    remember(known, hash, MAX_KNOWN);
  }

  boolean knows(Hash hash) {
    return known.contains(hash);
  }

  /** Remembers a header refused as from the future, due at {@code dueMillis}; bounded. */
  void noteFuture(Hash hash, long dueMillis) {
    future.remove(hash);
    future.put(hash, dueMillis);
    if (future.size() > MAX_FUTURE) {
      Hash eldest = future.keySet().iterator().next();
      future.remove(eldest);
    }
  }

  /** Raises {@link #knownTip} to {@code tip} if it has more work. */
  void noteHas(ChainTip tip) {
    if (knownTip == null || tip.work().isGreaterThan(knownTip.work())) {
      knownTip = tip;
    }
    markKnown(tip.hash());
  }

  private static void remember(Set<Hash> set, Hash hash, int max) {
    if (set.add(hash) && set.size() > max) {
      Hash eldest = set.iterator().next();
      set.remove(eldest);
    }
  }

  @Override
  public String toString() {
    return peer.nodeId().toString();
  }
}
