package io.elo.validation;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first failure of a {@link ChainState} write. A write that throws may have stopped half-way
 * through connecting a block (some coins spent, others not) or through a flush, so from then on
 * the in-memory state is not trusted: writes are refused and the close does not flush the UTXO
 * cache (docs/storage.md, "Closing after a failure"). Written under the chain state's lock.
 */
final class ChainFailure {
  private static final Logger LOG = LoggerFactory.getLogger(ChainFailure.class);

  private volatile Throwable cause;

  /** The failure, or null. */
  Throwable cause() {
    return cause;
  }

  /** Records the first failure and tells {@code listeners}; later failures are ignored. */
  void record(Throwable failure, List<ChainListener> listeners) {
    if (cause != null) {
      return;
    }
    cause = failure;
    try {
      LOG.error(
          "chain state failed: no more writes, and closing it will not flush the UTXO cache",
          failure);
    } catch (RuntimeException | Error e) {
      // Logging may fail too (an OutOfMemoryError): the failure still reaches the listeners.
    }
    for (ChainListener listener : listeners) {
      try {
        listener.chainStateFailed(failure);
      } catch (RuntimeException e) {
        LOG.warn("chain listener {} failed", listener, e);
      }
    }
  }

  /** Refuses a write after a failure. */
  void checkHealthy() {
    Throwable failure = cause;
    if (failure != null) {
      throw new IllegalStateException("chain state failed earlier: close and reopen it", failure);
    }
  }
}
