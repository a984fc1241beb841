package io.elo.consensus;

import io.elo.model.Block;

/**
 * Where a block producer hands the blocks it makes; typically the chain state's block submission.
 */
@FunctionalInterface
public interface BlockSink {
  /**
   * Takes a freshly produced block. Called from a producer thread; must not block for long and
   * must not throw (a producer logs nothing and keeps running if it does).
   */
  void submit(Block block);
}
