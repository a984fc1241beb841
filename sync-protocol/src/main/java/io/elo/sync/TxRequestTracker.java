package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.Hash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which announced transactions to request from which peer, after Bitcoin Core's {@code
 * TxRequestTracker}. Per wtxid it keeps the peers that announced it, each a <em>candidate</em>,
 * <em>requested</em> or <em>completed</em> (asked and failed: timed out or answered not-found).
 *
 * <ul>
 *   <li>At most one request per transaction is in flight; it goes to a candidate with room in its
 *       {@link RequestWindow} (the announcer itself when it is the first, otherwise peers in the
 *       order they first announced anything).
 *   <li>A request unanswered for the timeout completes that announcement, and another candidate
 *       is asked; a completed announcer is never asked again for that transaction.
 *   <li>A peer's announcements are bounded: past the bound further ones are ignored. Its requests
 *       in flight are bounded by its window, which answers within the round trip grow and
 *       timeouts shrink; the caller bounds all requests together with a budget (the room left in
 *       the admission queue), so what arrives always has a place.
 *   <li>A transaction is forgotten when it arrives or is refused ({@link #delivered}, {@link
 *       #forget}), when every announcer failed, or when its last announcer disconnects.
 * </ul>
 *
 * <p>Work is proportional to what changes: each peer keeps its <em>ready</em> candidates (no
 * request in flight to anyone), and the tracker the peers with ready candidates and room, so
 * {@link #requests} visits only peers with something to request. Times are milliseconds of the
 * caller's clock. Not thread-safe; the protocol thread owns it.
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
    long sentAt;
  }

  private static final class PeerInfo<P> {
    final P key;
    final long order;
    final RequestWindow window;
    /** Every announcement of the peer still tracked, in any state. */
    final Set<Hash> announced = new LinkedHashSet<>();
    /** Its candidates that nobody is asked for now, in the order they became so. */
    final Set<Hash> ready = new LinkedHashSet<>();
    int inFlight;

    PeerInfo(P key, long order, RequestWindow window) {
      this.key = key;
      this.order = order;
      this.window = window;
    }
  }

  private final int maxAnnouncements;
  private final int windowFloor;
  private final int windowCeiling;
  private final long timeoutMillis;
  private final Map<Hash, Tx<P>> txs = new HashMap<>();
  private final Map<P, PeerInfo<P>> peers = new HashMap<>();
  /** Peers with ready candidates and room in their window, in the order first seen. */
  private final TreeSet<PeerInfo<P>> wanting =
      new TreeSet<>(Comparator.comparingLong((PeerInfo<P> i) -> i.order));
  /** Requests in flight, wtxid to deadline, in send order (so deadlines ascend). */
  private final Map<Hash, Long> deadlines = new LinkedHashMap<>();
  private long nextOrder;

  TxRequestTracker(int maxAnnouncementsPerPeer, int windowFloor, int windowCeiling,
      long timeoutMillis) {
    checkArgument(maxAnnouncementsPerPeer > 0, "announcement bound must be positive");
    checkArgument(windowFloor >= 1 && windowCeiling >= windowFloor, "need 1 <= floor <= ceiling");
    checkArgument(timeoutMillis > 0, "timeout must be positive");
    this.maxAnnouncements = maxAnnouncementsPerPeer;
    this.windowFloor = windowFloor;
    this.windowCeiling = windowCeiling;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Records that {@code peer} announced {@code wtxid} at {@code now}. Returns false when ignored:
   * the peer already announced it, or holds the maximum number of tracked announcements.
   */
  boolean announced(P peer, Hash wtxid, long now) {
    PeerInfo<P> info =
        peers.computeIfAbsent(
            peer, p -> new PeerInfo<>(p, nextOrder++, new RequestWindow(windowFloor,
                windowCeiling, now)));
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
    if (tx.requestedFrom == null) {
      info.ready.add(wtxid);
      update(info);
    }
    return true;
  }

  /**
   * Expires overdue requests, then returns what to request from {@code peer} now, at most {@code
   * budget}, and marks those requests sent: its ready candidates, up to the room in its window.
   */
  List<Hash> requestsFor(P peer, long now, int budget) {
    expire(now);
    PeerInfo<P> info = peers.get(peer);
    return info == null ? List.of() : assign(info, now, budget);
  }

  /**
   * Expires overdue requests, then returns the requests to send now, at most {@code budget} in
   * all (peers in the order they were first seen), marking them sent. Visits only the peers with
   * ready candidates and room.
   */
  Map<P, List<Hash>> requests(long now, int budget) {
    expire(now);
    Map<P, List<Hash>> out = new LinkedHashMap<>();
    int left = budget;
    for (PeerInfo<P> info : new ArrayList<>(wanting)) {
      if (left <= 0) {
        break;
      }
      List<Hash> ask = assign(info, now, left);
      if (!ask.isEmpty()) {
        out.put(info.key, ask);
        left -= ask.size();
      }
    }
    return out;
  }

  /** Whether some peer has ready candidates and room in its window. */
  boolean hasRequests() {
    return !wanting.isEmpty();
  }

  /**
   * {@code wtxid} arrived from {@code peer} at {@code now}: an answer to its request (if it had
   * one) for the peer's window, then every announcement is forgotten.
   */
  void delivered(P peer, Hash wtxid, long now) {
    Tx<P> tx = txs.get(wtxid);
    if (tx != null && peer.equals(tx.requestedFrom)) {
      answered(peers.get(peer), tx, now);
    }
    forget(wtxid);
  }

  /**
   * {@code peer} does not have {@code wtxid} (a not-found answer at {@code now}): that
   * announcement completes, and the transaction is asked from another announcer later, or
   * forgotten if none is left.
   */
  void notFound(P peer, Hash wtxid, long now) {
    Tx<P> tx = txs.get(wtxid);
    if (tx == null || !tx.announcers.containsKey(peer)) {
      return;
    }
    if (peer.equals(tx.requestedFrom)) {
      answered(peers.get(peer), tx, now);
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
      PeerInfo<P> info = peers.get(e.getKey());
      info.announced.remove(wtxid);
      info.ready.remove(wtxid);
      if (e.getValue() == State.REQUESTED) {
        info.inFlight--;
      }
      update(info);
    }
    deadlines.remove(wtxid);
  }

  /** {@code peer} disconnected: forgets its announcements; its requests go to others. */
  void peerGone(P peer) {
    PeerInfo<P> info = peers.remove(peer);
    if (info == null) {
      return;
    }
    wanting.remove(info);
    for (Hash wtxid : info.announced) {
      Tx<P> tx = txs.get(wtxid);
      if (tx.announcers.remove(peer) == State.REQUESTED) {
        release(wtxid, tx);
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
    PeerInfo<P> info = peers.get(peer);
    return info == null ? 0 : info.announced.size();
  }

  /** Requests in flight to {@code peer}. */
  int inFlight(P peer) {
    PeerInfo<P> info = peers.get(peer);
    return info == null ? 0 : info.inFlight;
  }

  /** The request window of {@code peer} now (the floor for a peer not seen yet). */
  int window(P peer) {
    PeerInfo<P> info = peers.get(peer);
    return info == null ? windowFloor : info.window.limit();
  }

  /** Requests in flight to all peers. */
  int inFlightTotal() {
    return deadlines.size();
  }

  /** Transactions tracked. */
  int size() {
    return txs.size();
  }

  private List<Hash> assign(PeerInfo<P> info, long now, int budget) {
    int room = Math.min(budget, info.window.limit() - info.inFlight);
    if (room <= 0 || info.ready.isEmpty()) {
      return List.of();
    }
    List<Hash> ask = new ArrayList<>(Math.min(room, info.ready.size()));
    Iterator<Hash> it = info.ready.iterator();
    while (it.hasNext() && ask.size() < room) {
      Hash wtxid = it.next();
      it.remove();
      Tx<P> tx = txs.get(wtxid);
      tx.announcers.put(info.key, State.REQUESTED);
      tx.requestedFrom = info.key;
      tx.sentAt = now;
      info.inFlight++;
      deadlines.put(wtxid, now + timeoutMillis);
      ask.add(wtxid);
      for (Map.Entry<P, State> e : tx.announcers.entrySet()) {
        if (e.getValue() == State.CANDIDATE) {
          PeerInfo<P> other = peers.get(e.getKey());
          other.ready.remove(wtxid); // asked from this peer now: not ready elsewhere
          update(other);
        }
      }
    }
    update(info);
    return ask;
  }

  private void answered(PeerInfo<P> info, Tx<P> tx, long now) {
    // Announcements wait for room: the window is what limits this peer now.
    info.window.answered(tx.sentAt, now, !info.ready.isEmpty());
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
      peers.get(tx.requestedFrom).window.timedOut(tx.sentAt, now);
      complete(wtxid, tx, tx.requestedFrom);
      forgetIfFailed(wtxid, tx);
    }
  }

  private void complete(Hash wtxid, Tx<P> tx, P peer) {
    State before = tx.announcers.put(peer, State.COMPLETED);
    PeerInfo<P> info = peers.get(peer);
    if (before == State.REQUESTED) {
      release(wtxid, tx);
    } else if (before == State.CANDIDATE) {
      info.ready.remove(wtxid);
      update(info);
    }
  }

  /** The request for {@code wtxid} ended unanswered: its other candidates become ready. */
  private void release(Hash wtxid, Tx<P> tx) {
    PeerInfo<P> requester = peers.get(tx.requestedFrom);
    if (requester != null) {
      requester.inFlight--;
      update(requester);
    }
    tx.requestedFrom = null;
    deadlines.remove(wtxid);
    for (Map.Entry<P, State> e : tx.announcers.entrySet()) {
      if (e.getValue() == State.CANDIDATE) {
        PeerInfo<P> other = peers.get(e.getKey());
        other.ready.add(wtxid);
        update(other);
      }
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

  private void update(PeerInfo<P> info) {
    if (!info.ready.isEmpty() && info.inFlight < info.window.limit() && peers.get(info.key) == info) {
      wanting.add(info);
    } else {
      wanting.remove(info);
    }
  }
}
