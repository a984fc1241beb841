package io.elo.bench;

import static com.google.common.base.Preconditions.checkState;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import io.elo.model.Block;
import io.elo.node.NodeBuilder;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.InMemoryBlockStore;
import io.elo.validation.InMemoryChainStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One-core validation of a run's blocks, measured in the same run: a fresh in-memory {@link
 * ChainState} whose signature executor is one thread, with an empty signature cache of a node's
 * default size, is given the chain's base blocks (untimed), then each measured block in order, the
 * largest of them timed from submission to connection; the median of {@link #REPEATS} such chain
 * states, so that one scheduling hiccup on a busy machine does not set the bound. A block a peer
 * relays has its transactions' signatures in that peer's cache already, so this prices a hop
 * generously; while the schemes keep one JVM-wide key cache, decoded keys are not part of the
 * price.
 */
final class ColdValidation {
  /** Fresh chain states measured; the median is reported. */
  static final int REPEATS = 3;

  private ColdValidation() {}

  /**
   * Milliseconds to connect the largest of {@code measured} (the most transactions; the later of
   * equals), the blocks connected in order on top of {@code base}: the median of {@link #REPEATS}.
   */
  static double largestMillis(ChainParams params, List<Block> base, List<Block> measured)
      throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      times.add(once(params, base, measured));
    }
    return Stats.median(times);
  }

  private static double once(ChainParams params, List<Block> base, List<Block> measured)
      throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try (ChainState state =
        ChainState.builder(params)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .executor(one)
            .signatureCache(new SignatureCache(NodeBuilder.DEFAULT_SIGNATURE_CACHE))
            .clock(Clock.systemUTC())
            .build()) {
      for (Block block : base) {
        connect(state, block);
      }
      long largest = 0;
      int most = -1;
      for (Block block : measured) {
        long start = System.nanoTime();
        connect(state, block);
        long took = System.nanoTime() - start;
        if (block.transactions().size() >= most) {
          most = block.transactions().size();
          largest = took;
        }
      }
      return largest / 1e6;
    } finally {
      one.shutdown();
    }
  }

  private static void connect(ChainState state, Block block) throws Exception {
    BlockSubmitResult r = state.submitBlock(block);
    checkState(r instanceof BlockSubmitResult.Connected, "block refused: %s", r);
  }
}
