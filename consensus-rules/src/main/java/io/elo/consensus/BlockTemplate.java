package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.util.List;

/**
 * Transactions a block producer should include after its coinbase, in block order, and the fees
 * they pay.
 *
 * @param transactions non-coinbase transactions in an order valid within one block
 * @param totalFees the sum of their fees, which the coinbase may claim
 */
public record BlockTemplate(List<Transaction> transactions, Amount totalFees) {
  /** A template with no transactions. */
  public static final BlockTemplate EMPTY = new BlockTemplate(List.of(), Amount.ZERO);

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a transaction is a coinbase
   */
  public BlockTemplate {
    transactions = List.copyOf(transactions);
    requireNonNull(totalFees, "totalFees");
    for (Transaction tx : transactions) {
      checkArgument(!tx.isCoinbase(), "a template holds no coinbase: %s", tx.txid());
    }
  }

  /** Returns the template of {@code transactions} paying {@code totalFees}. */
  public static BlockTemplate of(List<Transaction> transactions, Amount totalFees) {
    return new BlockTemplate(transactions, totalFees);
  }

  /** Returns the sum of the transactions' encoded sizes, in bytes. */
  public long size() {
    long total = 0;
    for (Transaction tx : transactions) {
      total += tx.size();
    }
    return total;
  }
}
