package io.elo.mempool;

import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.validation.Coin;
import io.elo.validation.StoreException;
import io.elo.validation.UtxoView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain's unspent outputs plus the outputs of pool transactions, as a transaction entering the
 * pool may spend them. Pool outputs count as created in the next block, never as coinbase outputs.
 * Whether an output is already spent by another pool transaction is a conflict, decided by the
 * pool, not hidden here. Readable without the pool's lock (it reads the graph's concurrent index
 * and an immutable transaction); it remembers which pool entries it answered from, so a later
 * check under the lock can tell whether they are still there. One view per check, one thread.
 */
final class PoolView implements UtxoView {
  private final TxGraph graph;
  private final UtxoView chain;
  private final Height nextHeight;
  private final List<Entry> parents = new ArrayList<>(2);

  PoolView(TxGraph graph, UtxoView chain, Height nextHeight) {
    this.graph = graph;
    this.chain = chain;
    this.nextHeight = nextHeight;
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    Entry entry = graph.get(outPoint.txid());
    if (entry != null) {
      if (!parents.contains(entry)) {
        parents.add(entry);
      }
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

  /** The distinct pool entries this view answered from, in the order first asked. */
  List<Entry> parents() {
    return parents;
  }
}
