package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A {@link ChainStore} over an in-memory one that records commits and can fail the next one. */
final class RecordingChainStore implements ChainStore {
  final InMemoryChainStore delegate = new InMemoryChainStore();
  final List<StoreBatch> commits = new ArrayList<>();
  int reads;
  boolean failNextCommit;

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    reads++;
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
    if (failNextCommit) {
      failNextCommit = false;
      throw new StoreException("injected failure");
    }
    commits.add(batch);
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
  public void close() {
    delegate.close();
  }
}
