package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A {@link ChainStore} that forwards every call to another; tests override what they watch. */
abstract class ForwardingChainStore implements ChainStore {
  private final ChainStore delegate;

  ForwardingChainStore(ChainStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    return delegate.coin(outPoint);
  }

  @Override
  public Optional<BlockUndo> undo(Hash block) throws StoreException {
    return delegate.undo(block);
  }

  @Override
  public Optional<Hash> flushedTip() throws StoreException {
    return delegate.flushedTip();
  }

  @Override
  public Optional<Height> flushedHeight() throws StoreException {
    return delegate.flushedHeight();
  }

  @Override
  public void commit(StoreBatch batch) throws StoreException {
    delegate.commit(batch);
  }

  @Override
  public long coinCount() throws StoreException {
    return delegate.coinCount();
  }

  @Override
  public void forEachCoin(BiConsumer<OutPoint, Coin> action) throws StoreException {
    delegate.forEachCoin(action);
  }

  @Override
  public void close() throws StoreException {
    delegate.close();
  }
}
