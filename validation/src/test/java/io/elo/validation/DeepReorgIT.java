package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000-block reorganisation on MapDB and block files: chain A of 1,030 blocks with spends, then
 * a heavier chain B forking 1,000 blocks below A's tip that double-spends A's first post-fork
 * transaction and shares one of A's transactions at another height. The UTXO cache is small, so it
 * flushes many times during the reorg.
 */
class DeepReorgIT {
  private static final ChainParams PARAMS = ChainStateCrashChild.PARAMS;
  private static final int FORK = 30;
  private static final int DEPTH = 1_000;
  private static final int TXS_PER_BLOCK = 3;

  @TempDir Path dir;

  private final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  private final MutableClock clock = new MutableClock(chain.clockStart());

  private ChainState open() throws StoreException {
    return ChainStates.builder(PARAMS, clock)
        .blockStore(FileBlockStore.open(dir.resolve("blocks")))
        .chainStore(MapDbChainStore.open(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT))
        .cacheLimits(new CoinsCache.Limits(1L << 30, 3_000, Duration.ofDays(1)))
        .build();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void reorgOf1000Blocks_endsOnTheHeavierChainWithItsExactUtxoSet() throws StoreException {
    assertTrue(PARAMS.maxReorgDepth() >= DEPTH, "chain parameters forbid the reorg");
    List<Block> chainA =
        new SpendingChain(chain, 1, TXS_PER_BLOCK).extend(chain.genesis(), FORK + DEPTH);
    Block forkBlock = chainA.get(FORK - 1);
    // B: double-spends the fork block's coinbase (as A's block FORK + 1 does, to another wallet),
    // then carries A's transaction spending a pre-fork output one block later than A, then grows.
    SpendingChain walletB = new SpendingChain(chain, 2, TXS_PER_BLOCK);
    List<Block> chainB = new ArrayList<>(walletB.extend(forkBlock, 1));
    Transaction shared = chainA.get(FORK).transactions().get(2);
    chainB.add(chain.on(chainB.get(0)).add(shared).build());
    chainB.addAll(walletB.extend(chainB.get(1), DEPTH));

    ChainState state = open();
    for (Block block : chainA) {
      assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(block));
    }
    assertEquals(FORK + DEPTH, state.tip().height().value());
    AtomicInteger disconnected = new AtomicInteger();
    AtomicInteger connected = new AtomicInteger();
    state.addListener(
        new ChainListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            connected.incrementAndGet();
          }

          @Override
          public void blockDisconnected(Block block, Height height) {
            disconnected.incrementAndGet();
          }
        });
    long start = System.nanoTime();
    for (Block block : chainB) {
      assertTrue(state.submitBlock(block).isAccepted(), block.hash().toHex());
    }
    long reorgMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Block tipB = chainB.get(chainB.size() - 1);
    assertEquals(tipB.hash(), state.tip().hash());
    assertEquals(DEPTH, disconnected.get());
    assertEquals(chainB.size(), connected.get());

    List<Block> bestChain = new ArrayList<>(chainA.subList(0, FORK));
    bestChain.addAll(chainB);
    Hash expected = replayDigest(bestChain);
    assertEquals(expected, state.utxoDigest());
    assertAbandonedOutputsGone(state, chainA.subList(FORK, chainA.size()), chainB);
    // The shared transaction's output now dates from B's height, one above A's.
    Coin sharedCoin = state.coin(OutPoint.of(shared.txid(), 0)).orElseThrow();
    assertEquals(FORK + 2, sharedCoin.height().value());
    state.close();

    ChainState reopened = open();
    assertEquals(tipB.hash(), reopened.tip().hash());
    assertEquals(expected, reopened.utxoDigest());
    assertAbandonedOutputsGone(reopened, chainA.subList(FORK, chainA.size()), chainB);
    reopened.close();
    System.out.printf(
        "DeepReorgIT: %d-block reorg (%d blocks of B submitted) in %d ms%n",
        DEPTH, chainB.size(), reorgMillis);
  }

  /** No output of an abandoned A transaction that B lacks is unspent. */
  private static void assertAbandonedOutputsGone(
      ChainState state, List<Block> abandoned, List<Block> chainB) throws StoreException {
    Set<Hash> inB = new HashSet<>();
    chainB.forEach(b -> b.transactions().forEach(tx -> inB.add(tx.txid())));
    int checked = 0;
    for (Block block : abandoned) {
      for (Transaction tx : block.transactions()) {
        if (inB.contains(tx.txid())) {
          continue;
        }
        for (int i = 0; i < tx.outputs().size(); i++) {
          OutPoint outPoint = OutPoint.of(tx.txid(), i);
          assertTrue(state.coin(outPoint).isEmpty(), "abandoned output unspent: " + outPoint);
          checked++;
        }
      }
    }
    assertTrue(checked > 2 * DEPTH, "abandoned outputs checked: " + checked);
  }

  private Hash replayDigest(List<Block> blocks) throws StoreException {
    ChainState fresh = ChainStates.inMemory(PARAMS, clock);
    for (Block block : blocks) {
      assertInstanceOf(BlockSubmitResult.Connected.class, fresh.submitBlock(block));
    }
    Hash digest = fresh.utxoDigest();
    fresh.close();
    return digest;
  }
}
