package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.mempool.MempoolEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of transaction relay: per-peer announcement queues flushed at exponentially
 * distributed (Poisson) intervals, as many wtxids per flush as a per-peer allowance sized by the
 * receiver's flood limit holds (see {@link #refill}), never a wtxid the peer's known-inventory
 * set holds; and the whole mempool announced to a new
 * peer. Outbound peers each have their own timer; inbound peers share one, so a spy learns no more
 * from many connections than from one. Every method runs on the protocol thread.
 */
final class TxAnnouncer {
  private static final Logger LOG = LoggerFactory.getLogger(TxAnnouncer.class);

  /** Parents before children (fewer in-pool ancestors first), then the best fee rate first. */
  static final Comparator<MempoolEntry> MEMPOOL_ORDER =
      Comparator.comparingInt(MempoolEntry::ancestorCount)
          .thenComparing(MempoolEntry::ancestorFeeRate, Comparator.reverseOrder());

  /** The share of the flood rate announcements may use (see {@link #refill}). */
  static final double FLOOD_SHARE = 0.8;

  private final SyncContext ctx;
  private final Consumer<Consumer<Outbox>> onLoop;
  private long nextInboundFlush;
  private long announced;

  TxAnnouncer(SyncContext ctx, Consumer<Consumer<Outbox>> onLoop) {
    this.ctx = ctx;
    this.onLoop = onLoop;
  }

  /**
   * An exponentially distributed delay of mean {@code meanMillis} from {@code random}: the gaps of
   * a Poisson process, so flush times carry no information about when transactions arrived.
   */
  static long poissonDelayMillis(Random random, long meanMillis) {
    return Math.round(-Math.log1p(-random.nextDouble()) * meanMillis);
  }

  /** Sets up relay state for a new peer. */
  void peerConnected(PeerState p) {
    long now = ctx.now();
    p.tx = new TxPeer(ctx.config, ctx.random.nextLong(), now);
    p.tx.nextFlushAt = nextFlushTime(p, now);
  }

  /**
   * Queues the whole mempool for announcement to {@code p}, parents first and then by ancestor fee
   * rate, at most {@link SyncConfig#txAnnounceQueue()} wtxids (the rest is the lowest-paying
   * part); it leaves through the normal batched flushes (Elo's answer to BIP 35 {@code mempool}).
   */
  void announceMempool(PeerState p) {
    // Reading and sorting the pool is O(n log n): done on a worker, enqueued back here.
    ctx.workers.execute(
        () -> {
          List<MempoolEntry> entries = new ArrayList<>(ctx.mempool.entries());
          entries.sort(MEMPOOL_ORDER);
          int max = Math.min(entries.size(), ctx.config.txAnnounceQueue());
          List<Hash> wtxids = new ArrayList<>(max);
          for (int i = 0; i < max; i++) {
            wtxids.add(entries.get(i).transaction().wtxid());
          }
          onLoop.accept(
              out -> {
                if (!p.dropped) {
                  for (Hash wtxid : wtxids) {
                    if (!enqueue(p, wtxid)) {
                      break;
                    }
                  }
                }
              });
        });
  }

  /** Queues {@code wtxid} for every peer that is not known to have it. */
  void announce(Hash wtxid) {
    for (PeerState p : ctx.peers.values()) {
      if (!p.dropped) {
        enqueue(p, wtxid);
      }
    }
  }

  /** Wtxids announced so far. */
  long announced() {
    return announced;
  }

  /** Queues {@code wtxid} for {@code p}; false only when the peer's queue is full. */
  private boolean enqueue(PeerState p, Hash wtxid) {
    TxPeer tx = p.tx;
    if (tx.known.contains(wtxid)) {
      return true;
    }
    if (tx.queue.size() >= ctx.config.txAnnounceQueue()) {
      LOG.debug("announcement queue of {} full; {} not announced", p, wtxid);
      return false;
    }
    tx.queue.add(wtxid);
    scheduleFlush(p);
    return true;
  }

  private void scheduleFlush(PeerState p) {
    TxPeer tx = p.tx;
    if (tx.flushScheduled) {
      return;
    }
    tx.flushScheduled = true;
    long delay = Math.max(0, tx.nextFlushAt - ctx.now());
    try {
      ctx.loop.schedule(() -> flush(p, ctx.out), delay);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduler refused the announcement flush for {}", p);
      tx.flushScheduled = false;
    }
  }

  /** Announces up to one batch of {@code p}'s queue still in the mempool and unknown to it. */
  void flush(PeerState p, Outbox out) {
    TxPeer tx = p.tx;
    tx.flushScheduled = false;
    if (p.dropped || ctx.peers.get(p.peer.nodeId()) != p) {
      return;
    }
    long now = ctx.now();
    if (now < tx.nextFlushAt) {
      scheduleFlush(p);
      return;
    }
    tx.announceTokens =
        refill(tx.announceTokens, allowanceCap(ctx.config), ctx.config.txFloodRate(),
            now - tx.lastFlushAt);
    tx.lastFlushAt = now;
    int max = (int) tx.announceTokens;
    List<Hash> batch = new ArrayList<>(Math.min(max, tx.queue.size()));
    Iterator<Hash> it = tx.queue.iterator();
    while (it.hasNext() && batch.size() < max) {
      Hash wtxid = it.next();
      it.remove();
      if (!tx.known.contains(wtxid) && ctx.mempool.transactionByWtxid(wtxid).isPresent()) {
        tx.known.add(wtxid);
        batch.add(wtxid);
      }
    }
    if (!batch.isEmpty()) {
      tx.announceTokens -= batch.size();
      announced += batch.size();
      int perMessage = ctx.config.txAnnounceBatch();
      for (int i = 0; i < batch.size(); i += perMessage) {
        out.send(p.peer, new ChainMessage.InvTx(
            List.copyOf(batch.subList(i, Math.min(batch.size(), i + perMessage)))));
      }
    }
    tx.nextFlushAt = nextFlushTime(p, now);
    if (!tx.queue.isEmpty()) {
      scheduleFlush(p);
    }
  }

  /**
   * The announcement allowance of a peer {@code elapsedMillis} after its previous flush: a token
   * bucket refilled at {@value #FLOOD_SHARE} of the flood rate, holding at most {@code cap} (a
   * flush announces at most what it holds, in as many InvTx messages as needed). A fixed batch per
   * flush capped relay at batch / mean interval per link (200 tx/s to inbound peers with 100 per
   * 500 ms) however fast the nodes; this bucket mirrors the receiver's flood guard (same limits
   * on every node) from below, so an honest node is never throttled by its peers, and the
   * allowance follows the flood limit: a faster one announces more per flush, never sooner.
   */
  static double refill(double tokens, double cap, double floodRatePerSecond, long elapsedMillis) {
    double added = Math.max(0, elapsedMillis) * floodRatePerSecond * FLOOD_SHARE / 1000;
    return Math.min(cap, tokens + added);
  }

  /**
   * The most a flush may announce: {@value #FLOOD_SHARE} of the flood burst. With sends at that
   * share of the rate, anything sent in [t1, t2] is at most 0.8 B + 0.8 R (t2 - t1), under the
   * receiver's B + R (t2 - t1) even when flushes arrive up to 0.2 B / 0.8 R late together (1.25 s
   * with the defaults).
   */
  static double allowanceCap(SyncConfig config) {
    return FLOOD_SHARE * config.txFloodBurst();
  }

  private long nextFlushTime(PeerState p, long now) {
    if (!p.peer.isInbound()) {
      long mean = ctx.config.txAnnounceIntervalOutbound().toMillis();
      return now + poissonDelayMillis(ctx.random, mean);
    }
    if (nextInboundFlush <= now) {
      long mean = ctx.config.txAnnounceIntervalInbound().toMillis();
      nextInboundFlush = now + poissonDelayMillis(ctx.random, mean);
    }
    return nextInboundFlush;
  }
}
