package io.elo.mempool;

import static java.util.Objects.requireNonNull;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.time.Instant;

/**
 * A read-only picture of one pool transaction and its package statistics, taken under the pool's
 * lock. Ancestor and descendant figures include the transaction itself.
 *
 * @param transaction the transaction
 * @param fee its fee
 * @param added when it entered the pool
 * @param ancestorCount in-pool ancestors, itself included
 * @param ancestorBytes their encoded bytes
 * @param ancestorFees their fees
 * @param descendantCount in-pool descendants, itself included
 * @param descendantBytes their encoded bytes
 * @param descendantFees their fees
 */
public record MempoolEntry(
    Transaction transaction,
    Amount fee,
    Instant added,
    int ancestorCount,
    long ancestorBytes,
    Amount ancestorFees,
    int descendantCount,
    long descendantBytes,
    Amount descendantFees) {
  /** Validates the fields. */
  public MempoolEntry {
    requireNonNull(transaction, "transaction");
    requireNonNull(fee, "fee");
    requireNonNull(added, "added");
    requireNonNull(ancestorFees, "ancestorFees");
    requireNonNull(descendantFees, "descendantFees");
  }

  /** The transaction's own fee rate. */
  public FeeRate feeRate() {
    return FeeRate.of(fee, transaction.size());
  }

  /** The fee rate of the transaction with its ancestors (what template selection ranks by). */
  public FeeRate ancestorFeeRate() {
    return FeeRate.of(ancestorFees, ancestorBytes);
  }

  /** The fee rate of the transaction with its descendants (what eviction ranks by). */
  public FeeRate descendantFeeRate() {
    return FeeRate.of(descendantFees, descendantBytes);
  }
}
