package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Counters of compact block relay since the protocol started, for metrics.
 *
 * @param received compact blocks received for blocks we did not have
 * @param reconstructed of those, rebuilt from the mempool and extra pool without a round trip
 * @param neededBlockTxn of those, for which missing transactions were asked with GetBlockTxn
 * @param fellBack of those, for which the full block was asked instead (a short-id collision, a
 *     Merkle mismatch after rebuilding, a timeout or a bound)
 */
public record CompactBlockStats(
    long received, long reconstructed, long neededBlockTxn, long fellBack) {
  /** No compact block yet. */
  public static final CompactBlockStats ZERO = new CompactBlockStats(0, 0, 0, 0);

  /** Validates the counts. */
  public CompactBlockStats {
    checkArgument(
        received >= 0 && reconstructed >= 0 && neededBlockTxn >= 0 && fellBack >= 0,
        "counts must be non-negative");
  }
}
