package io.elo.mempool;

import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued chain events to the pool in bounded steps, each under the pool's lock, so that
 * admissions and readers never wait for a whole batch: blocks connected on top of the tip remove
 * what they confirm and what now conflicts, one block per step; any disconnection (or a queue
 * overflow) makes a {@link Rebuild}, which revalidates the pool a chunk at a time.
 *
 * <p>One thread applies events at a time ({@link #running}), so batches apply in order: the pool's
 * executor after every tip change ({@link #tryRun}, never waiting), or a caller that needs the pool
 * up to date ({@link #runAll}: {@code syncWithChain}, {@code template}). The chain is read (a new
 * snapshot, taking the chain state's lock briefly) without the pool's lock. From the first step of
 * a batch on, admissions check against the batch's snapshot; entries not yet revalidated may be
 * invalid there, and whatever builds on them leaves with them when their step comes.
 */
final class ChainSync {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);
  private static final int MAX_SNAPSHOT_ROUNDS = 16;

  private final PoolState pool;
  private final ReentrantLock running = new ReentrantLock();
  private volatile Work work; // the batch being applied; written only while holding running

  /** One batch being applied: a first step, then more until {@link #step} answers false. */
  interface Work {
    /** Applies one bounded step under the pool's lock; false when the batch is done. */
    boolean step();

    /** Runs after the last step, without the pool's lock. */
    default void done() {}
  }

  ChainSync(PoolState pool) {
    this.pool = pool;
  }

  /** Applies every change queued so far on this thread, after any thread applying them now. */
  void runAll() {
    running.lock();
    try {
      while (advance()) {
        // one bounded step at a time, releasing the pool's lock between them
      }
    } finally {
      running.unlock();
    }
  }

  /** Applies queued changes unless another thread is doing it; never waits. */
  void tryRun() {
    while ((!pool.events.isEmpty() || work != null) && running.tryLock()) {
      try {
        while (advance()) {
          // as in runAll
        }
      } finally {
        running.unlock();
      }
    }
  }

  /**
   * For an admission about to check against the pool's snapshot: if changes are queued (or a batch
   * is half applied) and no thread is applying them, applies one bounded step here, and leaves the
   * rest to the executor. The first step of a batch installs its snapshot, so a transaction
   * submitted after the chain state moved is checked against the new tip, as callers expect; an
   * admission never waits for chain changes and does at most one step of them.
   */
  void helpOneStep() {
    if ((pool.events.isEmpty() && work == null) || !running.tryLock()) {
      return;
    }
    try {
      advance();
    } finally {
      running.unlock();
    }
    if (!pool.events.isEmpty() || work != null) {
      try {
        pool.executor.execute(this::tryRun);
      } catch (RejectedExecutionException e) {
        LOG.debug("executor refused the mempool's chain sync; the next admission goes on with it");
      }
    }
  }

  /** One step of the current batch, or the start of the next; false when nothing is queued. */
  private boolean advance() {
    if (work == null) {
      work = start();
      if (work == null) {
        return false;
      }
    }
    boolean more;
    pool.lock();
    try {
      more = work.step();
    } finally {
      pool.unlock();
    }
    if (!more) {
      Work finished = work;
      work = null;
      finished.done();
    }
    return true;
  }

  /** Drains the next batch with a snapshot that agrees with it; null if nothing is queued. */
  private Work start() {
    ChainEvents.Batch batch = ChainEvents.EMPTY;
    MempoolChain.Snapshot snap;
    int rounds = 0;
    do {
      // The chain state queues a change's events before releasing its lock, and a snapshot takes
      // that lock: every event up to the snapshot's tip is queued by the time it returns.
      snap = pool.chain.snapshot();
      batch = batch.plus(pool.events.drain());
    } while (batch.lastTip() != null
        && !batch.lastTip().equals(snap.tipHash())
        && ++rounds < MAX_SNAPSHOT_ROUNDS);
    if (batch.isEmpty()) {
      // Changes made before the pool listened (while it was being built) queued nothing.
      return snap.tipHash().equals(pool.snapshot.tipHash())
          ? null
          : new Rebuild(pool, new ChainEvents.Batch(List.of(), snap.tipHash(), true), snap);
    }
    return batch.overflowed() || batch.anyDisconnected()
        ? new Rebuild(pool, batch, snap)
        : new Connect(batch, snap);
  }

  /** Tells the pool a batch begins at {@code snap}: later admissions check against it. */
  static void begin(PoolState pool, MempoolChain.Snapshot snap) {
    pool.snapshot = snap;
    pool.rejects.tipChanged();
  }

  /** Ends a batch: fee decay may start, orphans of confirmed parents get another chance. */
  static void finish(PoolState pool, ChainEvents.Batch batch) {
    boolean anyConnected = false;
    for (ChainEvents.BlockEvent event : batch.blocks()) {
      if (!event.connected()) {
        continue;
      }
      anyConnected = true;
      List<Transaction> txs = event.block().transactions();
      for (int i = 1; i < txs.size(); i++) {
        pool.released.addAll(pool.orphans.takeChildrenOf(txs.get(i).txid()));
      }
    }
    if (anyConnected) {
      pool.feeFloor.blockConnected();
    }
  }

  /** Blocks connected on top of the pool's tip: one block per step. */
  private final class Connect implements Work {
    private final ChainEvents.Batch batch;
    private final MempoolChain.Snapshot snap;
    private final Queue<Block> blocks = new ArrayDeque<>();
    private boolean begun;

    Connect(ChainEvents.Batch batch, MempoolChain.Snapshot snap) {
      this.batch = batch;
      this.snap = snap;
      for (ChainEvents.BlockEvent event : batch.blocks()) {
        blocks.add(event.block());
      }
    }

    @Override
    public boolean step() {
      if (!begun) {
        begun = true;
        begin(pool, snap);
      }
      Block block = blocks.poll();
      if (block != null) {
        removeForBlock(block);
      }
      if (blocks.isEmpty()) {
        finish(pool, batch);
        return false;
      }
      return true;
    }

    private void removeForBlock(Block block) {
      List<Transaction> txs = block.transactions();
      for (int i = 1; i < txs.size(); i++) {
        Entry confirmed = pool.graph.get(txs.get(i).txid());
        if (confirmed != null) {
          pool.graph.remove(confirmed);
          pool.notifier.removed(confirmed.tx, RemovalReason.CONFIRMED);
        }
      }
      for (int i = 1; i < txs.size(); i++) {
        for (TxInput input : txs.get(i).inputs()) {
          Entry conflict = pool.graph.spender(input.outPoint());
          if (conflict != null) {
            pool.removeWithDescendants(List.of(conflict), RemovalReason.CONFLICT);
          }
        }
      }
    }
  }
}
