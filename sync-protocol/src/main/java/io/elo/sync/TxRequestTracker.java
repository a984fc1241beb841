package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which announced transactions to request from which peer, after Bitcoin Core's {@code
 * TxRequestTracker}. Per wtxid it keeps the peers that announced it, each a <em>candidate</em>,
 * <em>requested</em> or <em>completed</em> (asked and failed: timed out or answered not-found).
 *
 * <ul>
 *   <li>At most one request per transaction is in flight; it goes to a candidate with a free slot
 *       (the announcer itself when it is the first, otherwise peers in the order they first
 *       announced anything).
 *   <li>A request unanswered for the timeout completes that announcement, and another candidate
 *       is asked; a completed announcer is never asked again for that transaction.
 *   <li>A peer's announcements are bounded: past the bound further ones are ignored. Its requests
 *       in flight are bounded: more wait.
 *   <li>A transaction is forgotten when it arrives or is refused ({@link #forget}), when every
 *       announcer failed, or when its last announcer disconnects.
 * </ul>
 *
 * <p>Times are milliseconds of the caller's clock. Not thread-safe; the protocol's lock guards it.
 *
 * @param <P> the peer key (a node id in the protocol; anything with equality in tests)
 */
final class TxRequestTracker<P> {
  private enum State {
    CANDIDATE,
    REQUESTED,
    COMPLETED
  }

  private static final class Tx<P> {
    final Map<P, State> announcers = new LinkedHashMap<>();
    P requestedFrom;
  }

  private static final class PeerInfo {
    /** Every announcement of the peer still tracked, in any state. */
    final Set<Hash> announced = new LinkedHashSet<>();
    /** Its announcements in the candidate state, in announcement order. */
    final Set<Hash> candidates = new LinkedHashSet<>();
    int inFlight;
  }

  private final int maxAnnouncements;
  private final int maxInFlight;
  private final long timeoutMillis;
  private final Map<Hash, Tx<P>> txs = new HashMap<>();
  private final Map<P, PeerInfo> peers = new LinkedHashMap<>();
  /** Requests in flight, wtxid to deadline, in send order (so deadlines ascend). */
  private final Map<Hash, Long> deadlines = new LinkedHashMap<>();

  TxRequestTracker(int maxAnnouncementsPerPeer, int maxInFlightPerPeer, long timeoutMillis) {
    checkArgument(maxAnnouncementsPerPeer > 0, "announcement bound must be positive");
    checkArgument(maxInFlightPerPeer > 0, "in-flight bound must be positive");
    checkArgument(timeoutMillis > 0, "timeout must be positive");
    this.maxAnnouncements = maxAnnouncementsPerPeer;
    this.maxInFlight = maxInFlightPerPeer;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Records that {@code peer} announced {@code wtxid}. Returns false when ignored: the peer
   * already announced it, or holds the maximum number of tracked announcements.
   */
  boolean announced(P peer, Hash wtxid) {
    PeerInfo info = peers.computeIfAbsent(peer, p -> new PeerInfo());
    Tx<P> tx = txs.get(wtxid);
    if (tx != null && tx.announcers.containsKey(peer)) {
      return false;
    }
    if (info.announced.size() >= maxAnnouncements) {
      return false;
    }
    if (tx == null) {
      tx = new Tx<>();
      txs.put(wtxid, tx);
    }
    tx.announcers.put(peer, State.CANDIDATE);
    info.announced.add(wtxid);
    info.candidates.add(wtxid);
    return true;
  }

  /**
   * Expires overdue requests, then returns what to request from {@code peer} now and marks those
   * requests sent: its candidates that no one is asked for, up to its free slots.
   */
  List<Hash> requestsFor(P peer, long now) {
    expire(now);
    return assign(peer, now);
  }

  /**
   * Expires overdue requests, then returns the requests to send now to every peer (peers in the
   * order they were first seen), marking them sent.
   */
  Map<P, List<Hash>> requests(long now) {
    expire(now);
    Map<P, List<Hash>> out = new LinkedHashMap<>();
    for (P peer : new ArrayList<>(peers.keySet())) {
      List<Hash> ask = assign(peer, now);
      if (!ask.isEmpty()) {
        out.put(peer, ask);
      }
    }
    return out;
  }

  /**
   * {@code peer} does not have {@code wtxid} (a not-found answer): that announcement completes,
   * and the transaction is asked from another announcer later, or forgotten if none is left.
   */
  void notFound(P peer, Hash wtxid) {
    Tx<P> tx = txs.get(wtxid);
    if (tx == null || !tx.announcers.containsKey(peer)) {
      return;
    }
    complete(wtxid, tx, peer);
    forgetIfFailed(wtxid, tx);
  }

  /** The transaction arrived, was refused or is known otherwise: forgets every announcement. */
  void forget(Hash wtxid) {
    Tx<P> tx = txs.remove(wtxid);
    if (tx == null) {
      return;
    }
    for (Map.Entry<P, State> e : tx.announcers.entrySet()) {
      PeerInfo info = peers.get(e.getKey());
      info.announced.remove(wtxid);
      info.candidates.remove(wtxid);
      if (e.getValue() == State.REQUESTED) {
        info.inFlight--;
      }
    }
    deadlines.remove(wtxid);
  }

  /** {@code peer} disconnected: forgets its announcements; its requests go to others. */
  void peerGone(P peer) {
    PeerInfo info = peers.remove(peer);
    if (info == null) {
      return;
    }
    for (Hash wtxid : info.announced) {
      Tx<P> tx = txs.get(wtxid);
      if (tx.announcers.remove(peer) == State.REQUESTED) {
        tx.requestedFrom = null;
        deadlines.remove(wtxid);
      }
      if (tx.announcers.isEmpty()) {
        txs.remove(wtxid);
      } else {
        forgetIfFailed(wtxid, tx);
      }
    }
  }

  /** Whether {@code peer} announced {@code wtxid} and it is still tracked. */
  boolean announcedBy(P peer, Hash wtxid) {
    Tx<P> tx = txs.get(wtxid);
    return tx != null && tx.announcers.containsKey(peer);
  }

  /** Whether {@code wtxid} is tracked at all. */
  boolean isTracked(Hash wtxid) {
    return txs.containsKey(wtxid);
  }

  /** The peer the request for {@code wtxid} is in flight to, if any. */
  Optional<P> requestedFrom(Hash wtxid) {
    Tx<P> tx = txs.get(wtxid);
    return tx == null ? Optional.empty() : Optional.ofNullable(tx.requestedFrom);
  }

  /** Tracked announcements of {@code peer}. */
  int announcements(P peer) {
    PeerInfo info = peers.get(peer);
    return info == null ? 0 : info.announced.size();
  }

  /** Requests in flight to {@code peer}. */
  int inFlight(P peer) {
    PeerInfo info = peers.get(peer);
    return info == null ? 0 : info.inFlight;
  }

  /** Requests in flight to all peers. */
  int inFlightTotal() {
    return deadlines.size();
  }

  /** Transactions tracked. */
  int size() {
    return txs.size();
  }

  private List<Hash> assign(P peer, long now) {
    PeerInfo info = peers.get(peer);
    if (info == null || info.inFlight >= maxInFlight) {
      return List.of();
    }
    List<Hash> ask = new ArrayList<>();
    Iterator<Hash> it = info.candidates.iterator();
    while (it.hasNext() && info.inFlight < maxInFlight) {
      Hash wtxid = it.next();
      Tx<P> tx = txs.get(wtxid);
      if (tx.requestedFrom != null) {
        continue;
      }
      it.remove();
      tx.announcers.put(peer, State.REQUESTED);
      tx.requestedFrom = peer;
      info.inFlight++;
      deadlines.put(wtxid, now + timeoutMillis);
      ask.add(wtxid);
    }
    return ask;
  }

  private void expire(long now) {
    Iterator<Map.Entry<Hash, Long>> it = deadlines.entrySet().iterator();
    List<Hash> failed = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<Hash, Long> e = it.next();
      if (e.getValue() > now) {
        break;
      }
      failed.add(e.getKey());
    }
    for (Hash wtxid : failed) {
      Tx<P> tx = txs.get(wtxid);
      complete(wtxid, tx, tx.requestedFrom);
      forgetIfFailed(wtxid, tx);
    }
  }

  private void complete(Hash wtxid, Tx<P> tx, P peer) {
    State before = tx.announcers.put(peer, State.COMPLETED);
    PeerInfo info = peers.get(peer);
    if (before == State.REQUESTED) {
      tx.requestedFrom = null;
      info.inFlight--;
      deadlines.remove(wtxid);
    } else if (before == State.CANDIDATE) {
      info.candidates.remove(wtxid);
    }
  }

  private void forgetIfFailed(Hash wtxid, Tx<P> tx) {
    for (State state : tx.announcers.values()) {
      if (state != State.COMPLETED) {
        return;
      }
    }
    forget(wtxid);
  }
}
