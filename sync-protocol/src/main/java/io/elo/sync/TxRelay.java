package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.mempool.AdmissionResult;
import io.elo.mempool.MempoolListener;
import io.elo.mempool.RejectReason;
import io.elo.mempool.SourceKey;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction relay by wtxid: announcements in ({@code InvTx}) go through flood control into the
 * {@link TxRequestTracker}, requests out ({@code GetTx}) follow it, received transactions
 * ({@code Tx}) are admitted to the mempool on the worker pool, several at once, bounded ({@link
 * Admissions}), and mempool additions (local, relayed, or put back by a reorganisation) are
 * announced by the {@link TxAnnouncer}. Methods without a note run on the protocol thread.
 */
final class TxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(TxRelay.class);
  /** Wtxids remembered as refused by the mempool (not requested again); cleared on a new tip. */
  static final int RECENT_REJECTS = 50_000;
  /** Mempool additions waiting to be announced; further ones are not announced. */
  static final int MAX_PENDING_ADDITIONS = 100_000;

  private final SyncContext ctx;
  private final Consumer<Consumer<Outbox>> onLoop;
  private final RequestThrottle throttle;
  private final TxAnnouncer announcer;
  private final Admissions admission;
  private final TxRequestTracker<NodeId> tracker;
  private final Set<Hash> admitting = new HashSet<>();
  private final Queue<Hash> additions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger additionCount = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private KnownInventory recentRejects;
  private long received;
  private long duplicates;
  private long floodDropped;

  /** Listens to the mempool (on the admitting thread): queues additions for the protocol thread. */
  final MempoolListener mempoolListener =
      new MempoolListener() {
        @Override
        public void transactionAdded(Transaction tx, Amount fee) {
          queueAddition(tx.wtxid());
        }
      };

  /** Gets relayed transactions the mempool did not keep (orphans, policy refusals). */
  private final Consumer<Transaction> refused;

  TxRelay(
      SyncContext ctx,
      RequestThrottle throttle,
      Consumer<Consumer<Outbox>> onLoop,
      Consumer<Transaction> refused) {
    this.ctx = ctx;
    this.onLoop = onLoop;
    this.refused = refused;
    this.throttle = throttle;
    this.announcer = new TxAnnouncer(ctx, onLoop);
    SyncConfig c = ctx.config;
    this.admission =
        new Admissions(
            ctx.workers,
            c.txAdmissionQueueJobs(),
            c.txAdmissionQueueBytes(),
            ctx.writer.onFatal());
    this.tracker =
        new TxRequestTracker<>(
            c.txMaxAnnouncementsPerPeer(),
            c.txRequestWindowFloor(),
            c.txRequestWindowCeiling(),
            c.txRequestTimeout().toMillis());
    this.recentRejects = new KnownInventory(RECENT_REJECTS, ctx.random.nextLong());
  }

  void peerConnected(PeerState p) {
    announcer.peerConnected(p);
  }

  /** The peer's status arrived: announce our mempool to it. */
  void peerReady(PeerState p) {
    announcer.announceMempool(p);
  }

  void peerGone(PeerState p, Outbox out) {
    NodeId id = p.peer.nodeId();
    tracker.peerGone(id); // its requests become ready at other announcers
    SourceKey source = source(id);
    ctx.workers.execute(() -> ctx.mempool.sourceGone(source)); // a pool write: off this thread
    requestAll(out);
  }

  /** Timer: request timeouts and requests to other announcers. */
  void tick(Outbox out) {
    requestAll(out);
  }

  /**
   * After each turn of the protocol thread: refills the windows that answers freed during the
   * turn (at once, not on the next tick; one GetTx per peer for all of the turn's answers).
   */
  void afterTurn(Outbox out) {
    if (tracker.hasRequests()) {
      requestAll(out);
    }
  }

  /** A new tip: transactions refused on the old one may be valid now. */
  void tipChanged() {
    recentRejects = new KnownInventory(RECENT_REJECTS, ctx.random.nextLong());
  }

  /** Stops admissions waiting in the queue. Any thread. */
  void close() {
    admission.close();
  }

  TxRelayStatus status() {
    return new TxRelayStatus(
        tracker.size(),
        tracker.inFlightTotal(),
        admission.size(),
        received,
        duplicates,
        announcer.announced(),
        floodDropped);
  }

  /** {@code InvTx}: track what is new, request what the tracker allows. */
  void onInv(PeerState p, List<Hash> wtxids, Outbox out) {
    int granted = charge(p, wtxids.size(), out);
    NodeId id = p.peer.nodeId();
    long now = ctx.now();
    for (int i = 0; i < granted; i++) {
      Hash wtxid = wtxids.get(i);
      p.tx.known.add(wtxid);
      if (!alreadyHave(wtxid)) {
        tracker.announced(id, wtxid, now);
      }
    }
    request(p, tracker.requestsFor(id, ctx.now(), budget()), out);
  }

  /**
   * {@code GetTx}: serves mempool transactions the peer was announced (or announced itself);
   * anything else is {@code NotFoundTx}, and leaves the peer's known set so it is announced
   * again should it come back (after a reorganisation, say). The known set is read here; the
   * answer is served under the request limits, at once on this thread or later on a worker.
   */
  void onGetTx(PeerState p, List<Hash> wtxids) {
    List<Hash> announced = new ArrayList<>(wtxids.size());
    List<Hash> unknown = new ArrayList<>();
    for (Hash wtxid : wtxids) {
      (p.tx.known.contains(wtxid) ? announced : unknown).add(wtxid);
    }
    throttle.submit(
        p.peer, RequestKind.GET_TX, wtxids.size(), () -> serveTx(p, announced, unknown));
  }

  /** Any thread: answers GetTx from the mempool; returns the bytes of the answers. */
  private long serveTx(PeerState p, List<Hash> announced, List<Hash> unknown) {
    long bytes = 0;
    List<Hash> missing = new ArrayList<>(unknown);
    for (Hash wtxid : announced) {
      Optional<Transaction> tx = ctx.mempool.transactionByWtxid(wtxid);
      if (tx.isPresent()) {
        bytes += ctx.counters.reply(p.peer, ChainCodec.encode(new ChainMessage.Tx(tx.get())));
      } else {
        missing.add(wtxid);
      }
    }
    if (!missing.isEmpty()) {
      bytes += ctx.counters.reply(p.peer, ChainCodec.encode(new ChainMessage.NotFoundTx(missing)));
      onLoop.accept(out -> missing.forEach(p.tx.known::remove));
    }
    return bytes;
  }

  /** {@code NotFoundTx}: ask other announcers. */
  void onNotFound(PeerState p, List<Hash> wtxids, Outbox out) {
    long now = ctx.now();
    for (Hash wtxid : wtxids) {
      tracker.notFound(p.peer.nodeId(), wtxid, now);
    }
    requestAll(out);
  }

  /** {@code Tx}: queue it for admission unless it is a duplicate or an unrequested flood. */
  void onTx(PeerState p, Transaction tx, Outbox out) {
    received++;
    Hash wtxid = tx.wtxid();
    NodeId id = p.peer.nodeId();
    boolean asked = p.tx.asked.contains(wtxid); // asked earlier: late, not unrequested
    p.tx.asked.remove(wtxid);
    if (!tracker.announcedBy(id, wtxid) && !asked) {
      if (charge(p, 1, out) == 0) {
        return;
      }
      if (p.tx.unrequested.take(1, ctx.now()).granted() == 0) {
        floodDropped++;
        out.penalize(p, Severity.MINOR, "unrequested transaction flood");
        return;
      }
    }
    p.tx.known.add(wtxid);
    if (alreadyHave(wtxid)) {
      duplicates++;
      tracker.delivered(id, wtxid, ctx.now());
      return;
    }
    // Requests are sent only while the admission queue has room for every answer (budget()), so
    // a requested transaction finds room; an unrequested one, or bytes beyond the bound, may not.
    if (!admission.offer(tx.size(), () -> admit(id, tx))) {
      LOG.debug("admission queue full: transaction {} from {} dropped", wtxid, p);
      tracker.notFound(id, wtxid, ctx.now()); // another announcer may deliver it later
      return;
    }
    admitting.add(wtxid);
    tracker.delivered(id, wtxid, ctx.now());
  }

  /**
   * Requests the protocol may send now: the room the admission queue has for their answers (its
   * job bound less what is being admitted and what is in flight); none while more than half its
   * byte bound is taken. A full queue so stops every request (the windows shrink to zero) and
   * the announcements wait in the tracker until it drains, instead of received transactions being
   * dropped at the bound.
   */
  private int budget() {
    if (admission.bytes() > ctx.config.txAdmissionQueueBytes() / 2) {
      return 0;
    }
    return Math.max(
        0, ctx.config.txAdmissionQueueJobs() - admitting.size() - tracker.inFlightTotal());
  }

  /** On a worker; returns the report to run once the admission's room is released. */
  private Runnable admit(NodeId from, Transaction tx) {
    AdmissionResult result = ctx.mempool.submit(tx, source(from));
    if (result instanceof AdmissionResult.Orphan
        || (result instanceof AdmissionResult.Rejected r && !r.penalize())) {
      refused.accept(tx); // may still be in the next block: keep it for compact blocks
    }
    return () -> onLoop.accept(out -> onAdmitted(from, tx.wtxid(), result, out));
  }

  private void onAdmitted(NodeId from, Hash wtxid, AdmissionResult result, Outbox out) {
    admitting.remove(wtxid); // room for one more request: afterTurn refills
    if (!(result instanceof AdmissionResult.Rejected rejected)) {
      return;
    }
    if (rejected.reason() != RejectReason.STORAGE_FAILURE) {
      recentRejects.add(wtxid);
    }
    PeerState p = ctx.peers.get(from);
    if (rejected.penalize() && p != null && !p.dropped) {
      out.penalize(
          p, Severity.SERIOUS, "invalid transaction " + wtxid + ": " + rejected.message());
    }
  }

  private boolean alreadyHave(Hash wtxid) {
    return admitting.contains(wtxid)
        || recentRejects.contains(wtxid)
        || ctx.mempool.transactionByWtxid(wtxid).isPresent();
  }

  /** Charges {@code count} items to the peer's flood limit; returns how many may be processed. */
  private int charge(PeerState p, int count, Outbox out) {
    FloodGuard.Outcome o = p.tx.flood.take(count, ctx.now());
    floodDropped += count - o.granted();
    if (o.sustained()) {
      out.disconnect(p, DisconnectReason.MISBEHAVIOUR, "sustained transaction flood");
      return 0;
    }
    if (o.firstDrop()) {
      out.penalize(p, Severity.MINOR, "transaction flood: over the relay rate limit");
    }
    return o.granted();
  }

  /** Sends the requests the tracker allows now; it visits only peers with something to ask. */
  private void requestAll(Outbox out) {
    for (Map.Entry<NodeId, List<Hash>> e : tracker.requests(ctx.now(), budget()).entrySet()) {
      PeerState p = ctx.peers.get(e.getKey());
      if (p != null && !p.dropped) {
        request(p, e.getValue(), out);
      }
    }
  }

  /** Sends {@code ask} to {@code p} in GetTx messages of at most the inventory limit. */
  private static void request(PeerState p, List<Hash> ask, Outbox out) {
    ask.forEach(p.tx.asked::add);
    for (int i = 0; i < ask.size(); i += ChainCodec.MAX_TX_INVENTORY) {
      List<Hash> part = ask.subList(i, Math.min(ask.size(), i + ChainCodec.MAX_TX_INVENTORY));
      out.send(p.peer, new ChainMessage.GetTx(List.copyOf(part)));
    }
  }

  /** Any thread (a mempool callback): queue the addition and drain on the protocol thread. */
  private void queueAddition(Hash wtxid) {
    if (additionCount.incrementAndGet() > MAX_PENDING_ADDITIONS) {
      additionCount.decrementAndGet();
      LOG.debug("too many pending mempool additions; {} not announced", wtxid);
      return;
    }
    additions.add(wtxid);
    if (drainScheduled.compareAndSet(false, true)) {
      onLoop.accept(this::drainAdditions);
    }
  }

  private void drainAdditions(Outbox out) {
    drainScheduled.set(false);
    Hash wtxid;
    while ((wtxid = additions.poll()) != null) {
      additionCount.decrementAndGet();
      tracker.forget(wtxid); // we have it now, whoever else announced it
      announcer.announce(wtxid);
    }
  }

  private static SourceKey source(NodeId id) {
    return SourceKey.of("peer:" + id);
  }
}
