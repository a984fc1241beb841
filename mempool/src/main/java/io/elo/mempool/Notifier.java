package io.elo.mempool;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pool changes to listeners in the order they happened: changes are queued under the
 * pool's lock and delivered after it is released by whichever thread gets the delivery lock, one
 * at a time. The queue holds at most what one locked section changed plus what is being delivered,
 * which the pool's own bounds limit.
 */
final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final List<MempoolListener> listeners = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock delivering = new ReentrantLock();

  void addListener(MempoolListener listener) {
    listeners.add(listener);
  }

  void removeListener(MempoolListener listener) {
    listeners.remove(listener);
  }

  /** Queues an addition; call under the pool's lock. */
  void added(Transaction tx, long fee) {
    if (!listeners.isEmpty()) {
      Amount amount = Amount.ofAtoms(fee);
      pending.add(() -> each(l -> l.transactionAdded(tx, amount)));
    }
  }

  /** Queues a removal; call under the pool's lock. */
  void removed(Transaction tx, RemovalReason reason) {
    if (!listeners.isEmpty()) {
      pending.add(() -> each(l -> l.transactionRemoved(tx, reason)));
    }
  }

  /** Delivers queued changes unless another thread is already delivering them. */
  void deliver() {
    while (!pending.isEmpty() && delivering.tryLock()) {
      try {
        Runnable next;
        while ((next = pending.poll()) != null) {
          next.run();
        }
      } finally {
        delivering.unlock();
      }
    }
  }

  private void each(java.util.function.Consumer<MempoolListener> call) {
    for (MempoolListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("mempool listener {} failed", listener, e);
      }
    }
  }
}
