package io.elo.validation;

import io.elo.model.OutPoint;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The UTXO set as it was at one tip, for readers such as the mempool: every lookup answers as of
 * {@link #tip()}, however the chain moved since. Reads take the chain state's lock briefly (the
 * cache under the UTXO set has one writer) and undo later changes from the chain state's bounded
 * history; a snapshot older than that history (by default 64 block changes) throws {@link
 * IllegalStateException} on lookup, so take a fresh snapshot on every tip change.
 */
public final class UtxoSnapshot implements UtxoView {
  private final Lock lock;
  private final BlockConnector connector;
  private final UtxoHistory history;
  private final long version;
  private final ChainTip tip;

  UtxoSnapshot(
      Lock lock, BlockConnector connector, UtxoHistory history, long version, ChainTip tip) {
    this.lock = lock;
    this.connector = connector;
    this.history = history;
    this.version = version;
    this.tip = tip;
  }

  /** The tip this snapshot reflects. */
  public ChainTip tip() {
    return tip;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the snapshot is older than the retained history
   */
  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    lock.lock();
    try {
      Optional<Optional<Coin>> past = history.valueAt(outPoint, version);
      return past.isPresent() ? past.get() : connector.view().coin(outPoint);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean recentlySpent(OutPoint outPoint) {
    lock.lock();
    try {
      return history.recentlySpent(outPoint);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "UtxoSnapshot{" + tip + "}";
  }
}
