package io.elo.validation;

import io.elo.crypto.PublicKey;
import io.elo.model.Transaction;
import java.util.List;

/**
 * The decoded public keys of every input of a list of transactions (a block's, or one loose
 * transaction), as stage 1 decoded them. Carried to the signature checks of stage 3 in the same
 * validation, so no input's key is decoded twice.
 *
 * <p>Used only inside one validation; the arrays are not copied and nothing writes them after stage
 * 1.
 */
final class InputKeys {
  private final List<Transaction> txs;
  private final PublicKey[][] keys;

  private InputKeys(List<Transaction> txs, PublicKey[][] keys) {
    this.txs = txs;
    this.keys = keys;
  }

  /** Keys indexed by transaction position, then input index; an input-less entry may be empty. */
  static InputKeys of(List<Transaction> txs, PublicKey[][] keys) {
    return new InputKeys(txs, keys);
  }

  /**
   * The decoded keys of the transaction at {@code position}, indexed by input, or {@code null} if
   * {@code tx} is not the transaction these keys were decoded for.
   */
  PublicKey[] of(int position, Transaction tx) {
    return position < txs.size() && txs.get(position) == tx ? keys[position] : null;
  }
}
