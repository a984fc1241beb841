package io.elo.mempool;

import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.validation.Coin;
import io.elo.validation.StoreException;
import io.elo.validation.UtxoView;
import java.util.Optional;

/**
 * The chain's unspent outputs plus the outputs of pool transactions, as a transaction entering the
 * pool may spend them. Pool outputs count as created in the next block, never as coinbase outputs.
 * Whether an output is already spent by another pool transaction is a conflict, decided by the
 * pool, not hidden here. Read under the pool's lock only.
 */
final class PoolView implements UtxoView {
  private final TxGraph graph;
  private final UtxoView chain;
  private final Height nextHeight;

  PoolView(TxGraph graph, UtxoView chain, Height nextHeight) {
    this.graph = graph;
    this.chain = chain;
    this.nextHeight = nextHeight;
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    Entry entry = graph.get(outPoint.txid());
    if (entry != null) {
      return outPoint.index() < entry.tx.outputs().size()
          ? Optional.of(Coin.of(entry.tx.outputs().get(outPoint.index()), nextHeight, false))
          : Optional.empty();
    }
    return chain.coin(outPoint);
  }

  @Override
  public boolean recentlySpent(OutPoint outPoint) {
    return chain.recentlySpent(outPoint);
  }
}
