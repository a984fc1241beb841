package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;

/**
 * A snapshot of the chain protocol's progress.
 *
 * @param tipHash the best connected block
 * @param tipHeight its height
 * @param bestHeaderHash the last header of the most-work header chain stored (at least the tip)
 * @param bestHeaderHeight its height
 * @param blocksInFlight blocks requested from peers and not yet received
 * @param blocksQueued blocks and header batches waiting for the chain writer
 * @param peers peers speaking the chain protocol
 * @param presyncingPeers peers whose low-work header chain is being checked without storing it
 * @param presyncHeadersHeld headers those presyncs hold in memory (each: the rules' window plus at
 *     most 2,500 redownloaded headers waiting for release), none of them in the block index
 */
public record SyncStatus(
    Hash tipHash,
    Height tipHeight,
    Hash bestHeaderHash,
    Height bestHeaderHeight,
    int blocksInFlight,
    int blocksQueued,
    int peers,
    int presyncingPeers,
    int presyncHeadersHeld) {
  /** Validates the fields. */
  public SyncStatus {
    requireNonNull(tipHash, "tipHash");
    requireNonNull(tipHeight, "tipHeight");
    requireNonNull(bestHeaderHash, "bestHeaderHash");
    requireNonNull(bestHeaderHeight, "bestHeaderHeight");
    checkArgument(
        blocksInFlight >= 0
            && blocksQueued >= 0
            && peers >= 0
            && presyncingPeers >= 0
            && presyncHeadersHeld >= 0,
        "counts must be non-negative");
  }

  /** Whether every known header's block is connected: nothing left to download. */
  public boolean isSynced() {
    return tipHash.equals(bestHeaderHash);
  }
}
