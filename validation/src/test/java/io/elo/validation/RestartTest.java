package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart on MapDB and block files: the same tip and UTXO set, with lagging flushes replayed. */
class RestartTest {
  private static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();
  private static final Address PAYEE = Address.fromPublicKey(TestChainBuilder.key(5).publicKey());

  @TempDir Path dir;

  private final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  private final MutableClock clock = new MutableClock(chain.clockStart());

  /** A main chain with spends and a shorter fork, so restart must pick among stored branches. */
  private List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    Block tip = chain.genesis();
    for (int i = 0; i < 8; i++) {
      TestChainBuilder.BlockBuilder next = chain.on(tip);
      if (i >= 2) {
        next.add(chain.spendCoinbase(blocks.get(i - 2), PAYEE, Amount.ofAtoms(i)));
      }
      tip = next.build();
      blocks.add(tip);
    }
    blocks.addAll(chain.extend(blocks.get(3), 2));
    return blocks;
  }

  private ChainState open(MapDbChainStore chainStore, FileBlockStore blockStore)
      throws StoreException {
    return ChainStates.builder(PARAMS, clock)
        .blockStore(blockStore)
        .chainStore(chainStore)
        // Never flushes by itself: only flush() and close() write the UTXO set.
        .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
        .build();
  }

  private MapDbChainStore chainStore() throws StoreException {
    return MapDbChainStore.open(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT);
  }

  private FileBlockStore blockStore() throws StoreException {
    return FileBlockStore.open(dir.resolve("blocks"));
  }

  @Test
  void closeAndReopen_givesTheSameTipAndUtxoSet() throws StoreException {
    List<Block> blocks = blocks();
    ChainState state = open(chainStore(), blockStore());
    for (Block block : blocks) {
      assertTrue(state.submitBlock(block).isAccepted());
    }
    ChainTip tip = state.tip();
    Hash digest = state.utxoDigest();
    state.close();

    ChainState reopened = open(chainStore(), blockStore());
    assertEquals(tip, reopened.tip());
    assertEquals(tip.work(), reopened.tip().work());
    assertEquals(digest, reopened.utxoDigest());
    assertEquals(BlockStatus.DATA_STORED, reopened.status(blocks.get(9).hash()).orElseThrow());
    reopened.close();
  }

  @Test
  void flushedTipLaggingTheBlockStore_isReplayed() throws StoreException {
    List<Block> blocks = blocks();
    MapDbChainStore chainStore = chainStore();
    FileBlockStore blockStore = blockStore();
    ChainState state = open(chainStore, blockStore);
    for (Block block : blocks.subList(0, 3)) {
      state.submitBlock(block);
    }
    state.flush();
    for (Block block : blocks.subList(3, blocks.size())) {
      state.submitBlock(block);
    }
    ChainTip tip = state.tip();
    // A crash: the stores go away without the chain state's final flush.
    chainStore.close();
    blockStore.close();

    ChainState reference = ChainStates.inMemory(PARAMS, clock);
    for (Block block : blocks) {
      reference.submitBlock(block);
    }
    ChainState reopened = open(chainStore(), blockStore());
    assertEquals(tip, reopened.tip());
    assertEquals(reference.utxoDigest(), reopened.utxoDigest());
    reopened.close();
  }
}
