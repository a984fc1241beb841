package io.elo.validation;

import io.elo.model.OutPoint;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ChainStore} over a real one that fails on demand, the way a store fails under memory
 * pressure: {@link #failRepeatedRead} throws from a coin read in the middle of connecting a block,
 * and {@link #inflateNextCommit} adds an undo record too big for a small heap to the next commit,
 * so that the real store's commit runs into a real {@link OutOfMemoryError} after it wrote the
 * coin changes. Single writer, like the stores it wraps.
 */
final class FaultyChainStore extends ForwardingChainStore {
  private final Set<OutPoint> readSinceArmed = new HashSet<>();
  private Throwable readFault;
  private int repeatsLeft;
  private boolean inflate;

  FaultyChainStore(ChainStore delegate) {
    super(delegate);
  }

  /**
   * Throws {@code fault} (a {@link StoreException}, a runtime exception or an error) from the
   * {@code nth} read of an out-point that was read before since this call: block connection reads
   * each input once to validate it and, once evicted from a small cache, again to spend it, so the
   * second such re-read comes after the block's first spend and before its last.
   */
  void failRepeatedRead(int nth, Throwable fault) {
    readSinceArmed.clear();
    repeatsLeft = nth;
    readFault = fault;
  }

  /** Adds an undo record of {@link BlockUndo#MAX_COINS} coins (~47 MB encoded) to the next one. */
  void inflateNextCommit() {
    inflate = true;
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    if (readFault != null && !readSinceArmed.add(outPoint) && --repeatsLeft == 0) {
      Throwable fault = readFault;
      readFault = null;
      if (fault instanceof StoreException e) {
        throw e;
      }
      if (fault instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) fault;
    }
    return super.coin(outPoint);
  }

  @Override
  public void commit(StoreBatch batch) throws StoreException {
    if (!inflate) {
      super.commit(batch);
      return;
    }
    inflate = false;
    StoreBatch.Builder inflated = StoreBatch.builder();
    batch.coinDeletes().forEach(inflated::deleteCoin);
    batch.coinPuts().forEach(inflated::putCoin);
    batch.undoDeletes().forEach(inflated::deleteUndo);
    batch.undoPuts().forEach(inflated::putUndo);
    // One coin repeated: a few MB of references, but StoreCodec allocates ~47 MB to encode it.
    BlockUndo giant = BlockUndo.of(Collections.nCopies(BlockUndo.MAX_COINS, StoreFixtures.coin(9)));
    inflated.putUndo(StoreFixtures.hash(9), giant);
    super.commit(inflated.build(batch.tip(), batch.tipHeight()));
  }
}
