package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * A transaction checked by {@link TransactionValidator#checkWithoutSignatures}: every rule but
 * public-key decoding and signature verification. When it passed, it carries the fee and the coins
 * it spends, and {@link TransactionValidator#verifySignatures(CheckedTransaction)} finishes the
 * validation. Immutable.
 */
public final class CheckedTransaction {
  private final Transaction transaction;
  private final ValidationResult result;
  private final Amount fee; // null unless accepted
  private final List<Coin> spentCoins;

  CheckedTransaction(
      Transaction transaction, ValidationResult result, Amount fee, List<Coin> spentCoins) {
    this.transaction = requireNonNull(transaction, "transaction");
    this.result = requireNonNull(result, "result");
    this.fee = fee;
    this.spentCoins = List.copyOf(spentCoins);
  }

  static CheckedTransaction failed(Transaction transaction, ValidationResult result) {
    return new CheckedTransaction(transaction, result, null, List.of());
  }

  /** The checked transaction. */
  public Transaction transaction() {
    return transaction;
  }

  /** Accept, or the first rule the transaction breaks. */
  public ValidationResult result() {
    return result;
  }

  /** Whether every rule checked so far passed. */
  public boolean isValid() {
    return result.isAccept();
  }

  /** The fee (inputs minus outputs); present exactly when {@link #isValid()}. */
  public Optional<Amount> fee() {
    return Optional.ofNullable(fee);
  }

  /** The coins spent, one per input in input order; empty unless {@link #isValid()}. */
  public List<Coin> spentCoins() {
    return spentCoins;
  }

  @Override
  public String toString() {
    return "CheckedTransaction{" + transaction.txid() + ", " + result + ", fee=" + fee + "}";
  }
}
