package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.model.Height;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chain state whose write fails half-way through connecting a block (issue 14: threads killed
 * by an {@code OutOfMemoryError}, then a SIGTERM) must not flush that half-connected block when it
 * is closed: the store keeps its last flush, and the reopened chain state reconnects the stored
 * blocks to exactly the UTXO set of a fresh replay.
 */
class ChainStateFailureTest {
  private static final int BLOCKS = 12;

  @TempDir Path dir;

  private final TestChainBuilder chain = TestChainBuilder.of(ChainStateCrashChild.PARAMS);
  private final List<Block> blocks =
      new SpendingChain(chain, 1, 3).extend(chain.genesis(), BLOCKS);

  @ParameterizedTest
  @ValueSource(strings = {"error", "store"})
  void failureHalfWayThroughABlock_closesWithoutFlushingIt_andReopensConsistent(String kind)
      throws Exception {
    Throwable fault =
        kind.equals("error")
            ? new OutOfMemoryError("test store: no memory to read a coin")
            : new StoreException("test store: read failed");
    FaultyChainStore store = new FaultyChainStore(openStore());
    List<Throwable> heard = new ArrayList<>();
    // Entry bound 1: every block overflows it, so the cache flushes after each block and holds
    // almost no clean coins, and spending an input reads it from the store again.
    ChainState state = open(store, new CoinsCache.Limits(1L << 30, 1, Duration.ofDays(1)));
    state.addListener(
        new ChainListener() {
          @Override
          public void chainStateFailed(Throwable cause) {
            heard.add(cause);
          }
        });
    for (int height = 1; height < BLOCKS; height++) {
      assertTrue(state.submitBlock(blocks.get(height - 1)) instanceof BlockSubmitResult.Connected);
    }
    store.failRepeatedRead(2, fault);
    Throwable thrown =
        assertThrows(Throwable.class, () -> state.submitBlock(blocks.get(BLOCKS - 1)));
    assertSame(fault, thrown);
    assertEquals(List.of(fault), heard, "listeners hear of the failure once");
    assertSame(fault, state.failure().orElseThrow());
    assertThrows(IllegalStateException.class, () -> state.submitBlock(blocks.get(0)));
    state.close();

    MapDbChainStore reopenedStore = openStore();
    assertFalse(reopenedStore.rewrittenAtOpen(), "the store itself was closed cleanly");
    ChainState reopened =
        open(reopenedStore, new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)));
    try {
      assertEquals(BLOCKS, reopened.tip().height().value(), "the stored block is reconnected");
      assertEquals(replayDigest(), reopened.utxoDigest());
    } finally {
      reopened.close();
    }
  }

  private MapDbChainStore openStore() throws StoreException {
    return MapDbChainStore.open(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT);
  }

  private ChainState open(ChainStore store, CoinsCache.Limits limits) throws StoreException {
    return ChainStates.builder(chain.params(), new MutableClock(chain.clockStart()))
        .blockStore(FileBlockStore.open(dir.resolve("blocks")))
        .chainStore(store)
        .cacheLimits(limits)
        .build();
  }

  private io.elo.crypto.Hash replayDigest() throws StoreException {
    ChainState reference =
        ChainStates.inMemory(chain.params(), new MutableClock(chain.clockStart()));
    try {
      for (Block block : blocks) {
        assertTrue(reference.submitBlock(block) instanceof BlockSubmitResult.Connected);
      }
      assertEquals(Height.of(BLOCKS), reference.tip().height());
      return reference.utxoDigest();
    } finally {
      reference.close();
    }
  }
}
