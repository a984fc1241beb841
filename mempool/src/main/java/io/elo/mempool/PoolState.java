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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the pool holds: the transaction graph (changed under one short lock, read through its
 * concurrent index without it), orphans, rejects and the fee floor (each behind its own monitor),
 * and the chain snapshot the graph agrees with. {@link #unlock()} delivers listener notifications
 * and released orphans outside the lock. Chain events are never applied here: {@link ChainSync}
 * applies them in bounded steps.
 */
final class PoolState {
  private static final Logger LOG = LoggerFactory.getLogger(PoolState.class);
  private static final long FULL_EXPIRY_SCAN_MILLIS = 60_000;

  final MempoolPolicy policy;
  final TransactionValidator validator;
  final MempoolChain chain;
  final InstantSource clock;
  final Executor executor;
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
  /**
   * Orphans whose missing parent a block confirmed, waiting to be admitted again. Filled by {@link
   * ChainSync}; bounded by the orphan pool they came from.
   */
  final Queue<Orphans.Orphan> released = new ConcurrentLinkedQueue<>();
  /** Receives released orphans outside the lock; set by the pool. */
  volatile Consumer<List<Orphans.Orphan>> releaseHandler = batch -> {};

  /** The chain state the graph agrees with; replaced under the lock by {@link ChainSync}. */
  volatile MempoolChain.Snapshot snapshot;
  private volatile long lastFullExpiryScan;
  private final AtomicBoolean expiryQueued = new AtomicBoolean();

  PoolState(
      MempoolPolicy policy,
      TransactionValidator validator,
      MempoolChain chain,
      InstantSource clock,
      Executor executor) {
    this.policy = policy;
    this.validator = validator;
    this.chain = chain;
    this.clock = clock;
    this.executor = executor;
    this.dustThreshold =
        Dust.threshold(policy.dustRelayFeeRate(), validator.params().allowedSchemes());
    this.orphans = new Orphans(policy);
    this.rejects = new RecentRejects(policy.maxRecentRejects());
    this.feeFloor = new FeeFloor(policy);
    this.events = new ChainEvents(policy.maxPendingBlocks(), policy.maxPendingBlockBytes());
    this.lastFullExpiryScan = clock.millis();
    this.snapshot = chain.snapshot();
  }

  void lock() {
    lock.lock();
  }

  /** Releases the lock and delivers notifications and released orphans. */
  void unlock() {
    lock.unlock();
    notifier.deliver();
    deliverReleased();
  }

  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
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

  /** Removes {@code roots} with their descendants, notifying {@code reason}; under the lock. */
  List<Entry> removeWithDescendants(Collection<Entry> roots, RemovalReason reason) {
    List<Entry> removed = graph.removeWithDescendants(roots);
    for (Entry entry : removed) {
      notifier.removed(entry.tx, reason);
    }
    return removed;
  }

  /**
   * Evicts the lowest descendant fee-rate packages until the pool fits its byte cap, raising the
   * fee floor above each; returns what was evicted. Under the lock.
   */
  List<Entry> trimToSize() {
    List<Entry> evicted = new ArrayList<>();
    while (graph.bytes() > policy.maxBytes()) {
      Entry worst = graph.worstPackage();
      feeFloor.raise(
          FeeRate.ofAtomsPerKb(Rates.perKb(worst.descendantFees(), worst.descendantSize())),
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

  /**
   * Under the lock: removes expired entries at the old end of the pool, with their descendants.
   * Insertion order is nearly time order; {@link #queueExpiry} has the whole pool scanned once a
   * minute for the rest.
   */
  void expireOldest() {
    long cutoff = clock.millis() - policy.expiry().toMillis();
    List<Entry> expired = new ArrayList<>();
    for (Entry entry : graph.entries()) {
      if (entry.addedMillis > cutoff) {
        break;
      }
      expired.add(entry);
    }
    removeExpired(expired);
  }

  /**
   * Without the lock: if the oldest entry has expired or a full scan is due, asks the executor to
   * remove what expired (readers call this; it never waits).
   */
  void queueExpiry() {
    long now = clock.millis();
    Entry oldest = graph.first();
    boolean due =
        (oldest != null && oldest.addedMillis <= now - policy.expiry().toMillis())
            || now - lastFullExpiryScan >= FULL_EXPIRY_SCAN_MILLIS;
    if (!due || !expiryQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::expireAll);
    } catch (RejectedExecutionException e) {
      expiryQueued.set(false);
      LOG.debug("executor refused the mempool's expiry; the next admission removes the oldest");
    }
  }

  /**
   * Removes every expired entry and orphan: the pool is scanned without the lock, the expired
   * entries removed under it.
   */
  void expireAll() {
    expiryQueued.set(false);
    long now = clock.millis();
    long cutoff = now - policy.expiry().toMillis();
    List<Entry> expired = new ArrayList<>();
    for (Entry entry : graph.entries()) {
      if (entry.addedMillis <= cutoff) {
        expired.add(entry);
      }
    }
    lastFullExpiryScan = now;
    orphans.expire(now);
    if (expired.isEmpty()) {
      return;
    }
    lock();
    try {
      removeExpired(expired);
    } finally {
      unlock();
    }
  }

  private void removeExpired(List<Entry> expired) {
    if (!expired.isEmpty()) {
      LOG.debug("expiring {} mempool transactions", expired.size());
      removeWithDescendants(expired, RemovalReason.EXPIRED);
    }
  }
}
