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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction relay by wtxid: announcements in ({@code InvTx}) go through flood control into the
 * {@link TxRequestTracker}, requests out ({@code GetTx}) follow it, received transactions
 * ({@code Tx}) go through a bounded queue to mempool admission on the relay executor, and mempool
 * additions (local, relayed, or put back by a reorganisation) are announced by the {@link
 * TxAnnouncer}. Methods without a note run under the lock.
 */
final class TxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(TxRelay.class);
  /** Wtxids remembered as refused by the mempool (not requested again); cleared on a new tip. */
  static final int RECENT_REJECTS = 50_000;
  /** Mempool additions waiting to be announced; further ones are not announced. */
  static final int MAX_PENDING_ADDITIONS = 100_000;

  private final SyncContext ctx;
  private final Consumer<Consumer<Outbox>> locked;
  private final ScheduledExecutorService scheduler;
  private final TxAnnouncer announcer;
  private final WriterQueue admission;
  private final TxRequestTracker<NodeId> tracker;
  private final Set<Hash> admitting = new HashSet<>();
  private final Queue<Hash> additions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger additionCount = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private KnownInventory recentRejects;
  private long received;
  private long duplicates;
  private long floodDropped;

  /** Listens to the mempool: queues additions without taking the protocol's lock. */
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
      ScheduledExecutorService scheduler,
      Executor relayExecutor,
      Consumer<Consumer<Outbox>> locked,
      Consumer<Transaction> refused) {
    this.ctx = ctx;
    this.locked = locked;
    this.refused = refused;
    this.scheduler = scheduler;
    this.announcer = new TxAnnouncer(ctx, scheduler, locked);
    SyncConfig c = ctx.config;
    this.admission =
        new WriterQueue(
            relayExecutor,
            c.txAdmissionQueueJobs(),
            c.txAdmissionQueueBytes(),
            ctx.writer.onFatal());
    this.tracker =
        new TxRequestTracker<>(
            c.txMaxAnnouncementsPerPeer(),
            c.txMaxInFlightPerPeer(),
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
    tracker.peerGone(id);
    out.later(() -> ctx.mempool.sourceGone(source(id)));
    requestAll(out);
  }

  /** Timer: request timeouts and requests to other announcers. */
  void tick(Outbox out) {
    requestAll(out);
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
    for (int i = 0; i < granted; i++) {
      Hash wtxid = wtxids.get(i);
      p.tx.known.add(wtxid);
      if (!alreadyHave(wtxid)) {
        tracker.announced(id, wtxid);
      }
    }
    List<Hash> ask = tracker.requestsFor(id, ctx.now());
    if (!ask.isEmpty()) {
      ask.forEach(p.tx.asked::add);
      out.send(p.peer, Wire.getTx(ask));
    }
  }

  /**
   * {@code GetTx}: serves mempool transactions the peer was announced (or announced itself);
   * anything else is {@code NotFoundTx}, and leaves the peer's known set so it is announced
   * again should it come back (after a reorganisation, say). Returns the bytes of the answers.
   */
  long onGetTx(PeerState p, List<Hash> wtxids, Outbox out) {
    long bytes = 0;
    List<Hash> missing = new ArrayList<>();
    for (Hash wtxid : wtxids) {
      Optional<Transaction> tx =
          p.tx.known.contains(wtxid) ? ctx.mempool.transactionByWtxid(wtxid) : Optional.empty();
      if (tx.isPresent()) {
        byte[] reply = Wire.tx(tx.get().encode());
        out.send(p.peer, reply);
        bytes += reply.length;
      } else {
        missing.add(wtxid);
        p.tx.known.remove(wtxid);
      }
    }
    if (!missing.isEmpty()) {
      byte[] reply = Wire.notFoundTx(missing);
      out.send(p.peer, reply);
      bytes += reply.length;
    }
    return bytes;
  }

  /** {@code NotFoundTx}: ask other announcers. */
  void onNotFound(PeerState p, List<Hash> wtxids, Outbox out) {
    for (Hash wtxid : wtxids) {
      tracker.notFound(p.peer.nodeId(), wtxid);
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
      tracker.forget(wtxid);
      return;
    }
    if (!admission.offer(admissionJob(id, tx))) {
      LOG.debug("admission queue full: transaction {} from {} dropped", wtxid, p);
      tracker.notFound(id, wtxid); // another announcer may deliver it later
      return;
    }
    admitting.add(wtxid);
    tracker.forget(wtxid);
  }

  private WriterQueue.Job admissionJob(NodeId from, Transaction tx) {
    long size = tx.size();
    return new WriterQueue.Job() {
      @Override
      public long bytes() {
        return size;
      }

      @Override
      public void run() {
        AdmissionResult result = ctx.mempool.submit(tx, source(from));
        if (result instanceof AdmissionResult.Orphan
            || (result instanceof AdmissionResult.Rejected r && !r.penalize())) {
          refused.accept(tx); // may still be in the next block: keep it for compact blocks
        }
        locked.accept(out -> onAdmitted(from, tx.wtxid(), result, out));
      }

      @Override
      public void cancel() {
        // the protocol is closing: nothing to undo
      }
    };
  }

  private void onAdmitted(NodeId from, Hash wtxid, AdmissionResult result, Outbox out) {
    admitting.remove(wtxid);
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

  private void requestAll(Outbox out) {
    for (Map.Entry<NodeId, List<Hash>> e : tracker.requests(ctx.now()).entrySet()) {
      PeerState p = ctx.peers.get(e.getKey());
      if (p != null && !p.dropped) {
        e.getValue().forEach(p.tx.asked::add);
        out.send(p.peer, Wire.getTx(e.getValue()));
      }
    }
  }

  /** Any thread (a mempool callback): queue the addition and drain on the scheduler. */
  private void queueAddition(Hash wtxid) {
    if (additionCount.incrementAndGet() > MAX_PENDING_ADDITIONS) {
      additionCount.decrementAndGet();
      LOG.debug("too many pending mempool additions; {} not announced", wtxid);
      return;
    }
    additions.add(wtxid);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        scheduler.execute(() -> locked.accept(this::drainAdditions));
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
      }
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
