package io.elo.validation;

import io.elo.model.OutPoint;
import java.util.Optional;

/**
 * The UTXO set as it was at one tip, for readers such as the mempool: every lookup answers as of
 * {@link #tip()}, however the chain moved since. Lookups take no lock and never wait for the chain
 * state's writer, so any number of threads may read at once, even while a block is validated or
 * connected: a lookup reads the current coin (the cache's changed coins, else the store) and then
 * undoes later changes from the chain state's bounded history, which the writer records before it
 * touches the UTXO set. A snapshot older than that history (by default 64 block changes) throws
 * {@link IllegalStateException} on lookup, so take a fresh snapshot on every tip change.
 */
public final class UtxoSnapshot implements UtxoView {
  private final CoinsCache cache;
  private final UtxoHistory history;
  private final long version;
  private final ChainTip tip;

  UtxoSnapshot(CoinsCache cache, UtxoHistory history, long version, ChainTip tip) {
    this.cache = cache;
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
    // Current value first, history second: a change that the current value already shows was
    // recorded before it was made, so the history lookup sees it and answers the older value.
    Optional<Coin> current = cache.peek(outPoint);
    Optional<Optional<Coin>> past = history.valueAt(outPoint, version);
    return past.isPresent() ? past.get() : current;
  }

  @Override
  public boolean recentlySpent(OutPoint outPoint) {
    return history.recentlySpent(outPoint);
  }

  @Override
  public String toString() {
    return "UtxoSnapshot{" + tip + "}";
  }
}
