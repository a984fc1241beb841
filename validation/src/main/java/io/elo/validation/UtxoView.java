package io.elo.validation;

import io.elo.model.OutPoint;
import java.util.Optional;

/**
 * Read access to a set of unspent outputs, as transaction validation needs it. The chain state
 * gives snapshots ({@link ChainState#utxoSnapshot()}); the mempool layers its own outputs on top.
 */
public interface UtxoView {
  /** Returns the unspent coin at {@code outPoint}, if any. */
  Optional<Coin> coin(OutPoint outPoint) throws StoreException;

  /**
   * Whether {@code outPoint} held a coin that a recent block spent, so a missing input can be
   * reported as {@link InvalidReason#INPUT_SPENT} rather than {@link InvalidReason#MISSING_INPUT}.
   * Only a diagnostic: the default knows no history and answers false.
   */
  default boolean recentlySpent(OutPoint outPoint) {
    return false;
  }
}
