package io.elo.consensus;

import io.elo.model.Block;

/**
 * Where a block producer hands the blocks it makes; typically the chain state's block submission.
 */
@FunctionalInterface
public interface BlockSink {
  /**
   * Takes a freshly produced block. Called from a producer thread; should not block for long. A
   * runtime exception thrown here is ignored by the producer, which keeps producing; the sink
   * reports its own failures.
   */
  void submit(Block block);
}
