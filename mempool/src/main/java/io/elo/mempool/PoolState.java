package io.elo.mempool;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.validation.TransactionValidator;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the pool holds, behind one lock: the transaction graph, orphans, rejects, the fee
 * floor and the current chain snapshot. Callers take the lock with {@link #lock()} and release it
 * with {@link #unlock()}, which also applies chain events queued meanwhile (the chain writer never
 * takes this lock; it only queues) and delivers listener notifications outside the lock.
 */
final class PoolState {
  private static final Logger LOG = LoggerFactory.getLogger(PoolState.class);
  private static final long FULL_EXPIRY_SCAN_MILLIS = 60_000;

  final MempoolPolicy policy;
  final TransactionValidator validator;
  final MempoolChain chain;
  final InstantSource clock;
  /** The smallest output amount that is not dust (see {@link Dust}). */
  final Amount dustThreshold;
  final TxGraph graph = new TxGraph();
  final Orphans orphans;
  final RecentRejects rejects;
  final FeeFloor feeFloor;
  final ChainEvents events;
  final Notifier notifier = new Notifier();
  volatile Journal journal; // null in memory and while reloading
  private final ReentrantLock lock = new ReentrantLock();
  private final ChainSync chainSync;
  /**
   * Orphans whose missing parent a block confirmed, waiting to be admitted again. Filled under the
   * lock by {@link ChainSync}; bounded by the orphan pool they came from.
   */
  final Queue<Orphans.Orphan> released = new ConcurrentLinkedQueue<>();
  /** Receives released orphans outside the lock; set by the pool. */
  volatile Consumer<List<Orphans.Orphan>> releaseHandler = batch -> {};

  MempoolChain.Snapshot snapshot;
  long version;
  private long nextSequence;
  private long lastFullExpiryScan;

  PoolState(
      MempoolPolicy policy,
      TransactionValidator validator,
      MempoolChain chain,
      InstantSource clock) {
    this.policy = policy;
    this.validator = validator;
    this.chain = chain;
    this.clock = clock;
    this.dustThreshold =
        Dust.threshold(policy.dustRelayFeeRate(), validator.params().allowedSchemes());
    this.orphans = new Orphans(policy);
    this.rejects = new RecentRejects(policy.maxRecentRejects());
    this.feeFloor = new FeeFloor(policy);
    this.events = new ChainEvents(policy.maxPendingBlocks(), policy.maxPendingBlockBytes());
    this.chainSync = new ChainSync(this);
    this.lastFullExpiryScan = clock.millis();
  }

  /** Takes the lock and brings the pool up to date with the chain and the clock. */
  void lock() {
    lock.lock();
    try {
      sync();
    } catch (RuntimeException | Error e) {
      lock.unlock();
      throw e;
    }
  }

  /** Releases the lock, applying events queued meanwhile, and delivers notifications. */
  void unlock() {
    lock.unlock();
    while (!events.isEmpty() && lock.tryLock()) {
      try {
        sync();
      } finally {
        lock.unlock();
      }
    }
    notifier.deliver();
    deliverReleased();
  }

  /** Hands orphans released by confirmed parents to the pool, outside the lock. */
  private void deliverReleased() {
    if (released.isEmpty()) {
      return;
    }
    List<Orphans.Orphan> batch = new ArrayList<>();
    for (Orphans.Orphan orphan; (orphan = released.poll()) != null; ) {
      batch.add(orphan);
    }
    releaseHandler.accept(batch);
  }

  /** Applies queued chain events if the lock is free; never blocks (chain writer callbacks). */
  void trySync() {
    if (lock.tryLock()) {
      try {
        sync();
      } finally {
        lock.unlock();
      }
      notifier.deliver();
      deliverReleased();
    }
  }

  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  long nextSequence() {
    return nextSequence++;
  }

  private void sync() {
    if (snapshot == null || !events.isEmpty()) {
      chainSync.apply();
    }
    expire();
  }

  /** Forces a fresh chain snapshot (after the old one outlived the chain state's history). */
  void refreshSnapshot() {
    snapshot = chain.snapshot();
  }

  /** Adds {@code entry} with its in-pool {@code parents}; bumps the version. */
  void add(Entry entry, List<Entry> parents) {
    graph.add(entry, parents);
    version++;
  }

  /** Removes {@code roots} with their descendants, notifying {@code reason}. */
  List<Entry> removeWithDescendants(Collection<Entry> roots, RemovalReason reason) {
    List<Entry> removed = graph.removeWithDescendants(roots);
    for (Entry entry : removed) {
      notifier.removed(entry.tx, reason);
    }
    if (!removed.isEmpty()) {
      version++;
    }
    return removed;
  }

  /**
   * Evicts the lowest descendant fee-rate packages until the pool fits its byte cap, raising the
   * fee floor above each; returns what was evicted.
   */
  List<Entry> trimToSize() {
    List<Entry> evicted = new ArrayList<>();
    while (graph.bytes() > policy.maxBytes()) {
      Entry worst = graph.worstPackage();
      feeFloor.raise(
          FeeRate.ofAtomsPerKb(Rates.perKb(worst.descendantFees, worst.descendantSize)),
          clock.millis());
      evicted.addAll(removeWithDescendants(List.of(worst), RemovalReason.SIZE_LIMIT));
    }
    return evicted;
  }

  /** The pool as journal records, parents first; call under the lock. */
  List<JournalCodec.Record> records() {
    List<JournalCodec.Record> records = new ArrayList<>(graph.size());
    for (Entry entry : graph.entries()) {
      records.add(new JournalCodec.Record(entry.addedMillis, entry.tx));
    }
    return records;
  }

  /** Appends {@code tx} to the journal; returns the offset to await, or -1 in memory. */
  long journal(Transaction tx, long addedMillis) throws IOException {
    Journal current = journal;
    return current == null ? -1 : current.append(new JournalCodec.Record(addedMillis, tx));
  }

  private void expire() {
    long now = clock.millis();
    long cutoff = now - policy.expiry().toMillis();
    List<Entry> expired = new ArrayList<>();
    boolean full = now - lastFullExpiryScan >= FULL_EXPIRY_SCAN_MILLIS;
    for (Entry entry : graph.entries()) {
      if (entry.addedMillis <= cutoff) {
        expired.add(entry);
      } else if (!full) {
        break; // insertion order is nearly time order; the periodic full scan catches the rest
      }
    }
    if (full) {
      lastFullExpiryScan = now;
      orphans.expire(now);
    }
    if (!expired.isEmpty()) {
      LOG.debug("expiring {} mempool transactions", expired.size());
      removeWithDescendants(expired, RemovalReason.EXPIRED);
    }
  }
}
