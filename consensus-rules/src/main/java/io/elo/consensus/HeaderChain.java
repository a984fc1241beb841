package io.elo.consensus;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.util.Optional;

/**
 * A read-only view of the chain ending at one block, as the consensus rules need it.
 *
 * <p>Validation implements it over its block index; tests implement it over a list. Implementations
 * must be immutable snapshots or at least stable while a rule reads them.
 */
public interface HeaderChain {
  /** The height of the last block of this chain (0 for a chain of only the genesis block). */
  Height height();

  /** The header of the last block. */
  BlockHeader header();

  /** The hash of the last block. */
  default Hash hash() {
    return header().hash();
  }

  /**
   * Returns the header of this chain at {@code height}, or empty if {@code height} is above
   * {@link #height()}. {@code ancestor(height())} is {@link #header()}.
   */
  Optional<BlockHeader> ancestor(Height height);

  /**
   * Returns the median of the timestamps of the last {@code ChainParams.medianTimePastWindow()}
   * blocks ending at this one (fewer near genesis): the time the next block must exceed.
   */
  long medianTimePast();
}
