package io.elo.validation;

import io.elo.model.OutPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ChainStore} over an in-memory one that records commits and can fail the next one. */
final class RecordingChainStore extends ForwardingChainStore {
  final List<StoreBatch> commits = new ArrayList<>();
  int reads;
  boolean failNextCommit;

  RecordingChainStore() {
    super(new InMemoryChainStore());
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    reads++;
    return super.coin(outPoint);
  }

  @Override
  public void commit(StoreBatch batch) throws StoreException {
    if (failNextCommit) {
      failNextCommit = false;
      throw new StoreException("injected failure");
    }
    commits.add(batch);
    super.commit(batch);
  }
}
