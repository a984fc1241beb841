package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A {@link ChainStore} in memory: for tests, simulations and users who keep no state across
 * restarts. Commits are atomic (applied under a lock after they are built) but nothing is durable.
 * Its size is the UTXO set's size, bounded only by the heap; use {@link MapDbChainStore} for large
 * chains. Thread-safe.
 */
public final class InMemoryChainStore implements ChainStore {
  private final Map<OutPoint, Coin> coins = new HashMap<>();
  private final Map<Hash, BlockUndo> undo = new HashMap<>();
  private Hash tip;
  private Height height;
  private boolean closed;

  /** Creates an empty store. */
  public InMemoryChainStore() {}

  @Override
  public synchronized Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    checkOpen();
    return Optional.ofNullable(coins.get(requireNonNull(outPoint, "outPoint")));
  }

  @Override
  public synchronized Optional<BlockUndo> undo(Hash block) throws StoreException {
    checkOpen();
    return Optional.ofNullable(undo.get(requireNonNull(block, "block")));
  }

  @Override
  public synchronized Optional<Hash> flushedTip() throws StoreException {
    checkOpen();
    return Optional.ofNullable(tip);
  }

  @Override
  public synchronized Optional<Height> flushedHeight() throws StoreException {
    checkOpen();
    return Optional.ofNullable(height);
  }

  @Override
  public synchronized void commit(StoreBatch batch) throws StoreException {
    checkOpen();
    batch.coinDeletes().forEach(coins::remove);
    coins.putAll(batch.coinPuts());
    batch.undoDeletes().forEach(undo::remove);
    undo.putAll(batch.undoPuts());
    tip = batch.tip();
    height = batch.tipHeight();
  }

  @Override
  public synchronized long coinCount() throws StoreException {
    checkOpen();
    return coins.size();
  }

  @Override
  public synchronized void forEachCoin(BiConsumer<OutPoint, Coin> action) throws StoreException {
    checkOpen();
    coins.forEach(action);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws StoreException {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }
}
