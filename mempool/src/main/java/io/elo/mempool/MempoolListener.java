package io.elo.mempool;

import io.elo.model.Amount;
import io.elo.model.Transaction;

/**
 * Observes the pool, for example to announce new transactions to peers. Calls arrive in the order
 * the pool changed, one at a time, on a thread that just changed the pool and after the pool's lock
 * is released; they must be quick. An exception thrown by a listener is logged and skipped.
 */
public interface MempoolListener {
  /** {@code tx}, paying {@code fee}, entered the pool. */
  default void transactionAdded(Transaction tx, Amount fee) {}

  /** {@code tx} left the pool for {@code reason}. */
  default void transactionRemoved(Transaction tx, RemovalReason reason) {}
}
