package io.elo.mempool;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.validation.ChainState;
import io.elo.validation.UtxoSnapshot;
import io.elo.validation.UtxoView;

/**
 * What the pool reads from the chain: the UTXO set as of the current tip. {@link #of(ChainState)}
 * adapts a chain state; tests and benchmarks may supply their own.
 */
@FunctionalInterface
public interface MempoolChain {
  /** Returns a consistent view of the UTXO set at the current tip. */
  Snapshot snapshot();

  /** The chain at {@code state}'s tip, through {@link ChainState#utxoSnapshot()}. */
  static MempoolChain of(ChainState state) {
    requireNonNull(state, "state");
    return () -> {
      UtxoSnapshot coins = state.utxoSnapshot();
      return new Snapshot(coins.tip().hash(), coins.tip().height(), coins);
    };
  }

  /**
   * The UTXO set as of one tip.
   *
   * @param tipHash the tip's hash
   * @param tipHeight the tip's height; pool transactions are valid for a block at the next one
   * @param coins the unspent outputs as of that tip
   */
  record Snapshot(Hash tipHash, Height tipHeight, UtxoView coins) {
    /** Validates the fields. */
    public Snapshot {
      requireNonNull(tipHash, "tipHash");
      requireNonNull(tipHeight, "tipHeight");
      requireNonNull(coins, "coins");
    }
  }
}
