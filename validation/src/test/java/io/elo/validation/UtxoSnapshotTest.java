package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Snapshot lookups take no lock: they never wait for the writer and always answer as of the tip. */
class UtxoSnapshotTest {
  private static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  private final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  private final MutableClock clock = new MutableClock(chain.clockStart());

  @Test
  void lookup_neverWaitsForTheWriter() throws Exception {
    ChainState state = ChainStates.inMemory(PARAMS, clock);
    Block a1 = chain.on(chain.genesis()).build();
    state.submitBlock(a1);
    UtxoSnapshot snapshot = state.utxoSnapshot();
    OutPoint coinbase = OutPoint.of(a1.transactions().get(0).txid(), 0);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    state.addListener(
        new ChainListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            writing.countDown(); // on the writer, under the chain state's lock
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<BlockSubmitResult> submitted =
          writer.submit(() -> state.submitBlock(chain.on(a1).build()));
      assertTrue(writing.await(20, TimeUnit.SECONDS));

      assertTimeoutPreemptively(
          Duration.ofSeconds(10), // a hang guard
          () -> assertTrue(snapshot.coin(coinbase).isPresent()));
      release.countDown();
      assertTrue(submitted.get(20, TimeUnit.SECONDS) instanceof BlockSubmitResult.Connected);
    } finally {
      release.countDown();
      writer.shutdownNow();
    }
  }

  @Test
  void concurrentLookups_answerAsOfTheSnapshot_throughConnectsReorgsAndFlushes() throws Exception {
    ChainState state =
        ChainStates.builder(PARAMS, clock)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .cacheLimits(new CoinsCache.Limits(1L << 30, 40, Duration.ZERO)) // flush often
            .build();
    // A spending branch, an empty branch that overtakes it, then the spending branch again.
    SpendingChain spending = new SpendingChain(chain, 3, 6);
    List<Block> first = spending.extend(chain.genesis(), 10);
    List<Block> empty = chain.extend(chain.genesis(), 11);
    List<Block> second = spending.extend(first.get(first.size() - 1), 4);
    List<OutPoint> universe = new ArrayList<>();
    for (List<Block> branch : List.of(first, empty, second)) {
      for (Block block : branch) {
        for (Transaction tx : block.transactions()) {
          for (int i = 0; i < tx.outputs().size(); i++) {
            universe.add(OutPoint.of(tx.txid(), i));
          }
        }
      }
    }
    record Seen(UtxoSnapshot snapshot, Map<OutPoint, Optional<Coin>> coins) {}
    List<Seen> published = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong checks = new AtomicLong();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> reading = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        Random random = new Random(r);
        reading.add(readers.submit(() -> {
          while (!done.get()) {
            if (published.isEmpty()) {
              Thread.onSpinWait();
              continue;
            }
            Seen seen = published.get(Math.max(0, published.size() - 1 - random.nextInt(8)));
            OutPoint op = universe.get(random.nextInt(universe.size()));
            try {
              assertEquals(seen.coins().get(op), seen.snapshot().coin(op), op.toString());
              checks.incrementAndGet();
            } catch (IllegalStateException olderThanTheHistory) {
              // allowed: the history keeps the last 64 changes
            }
          }
          return null;
        }));
      }
      List<Block> all = new ArrayList<>(first);
      all.addAll(empty);
      all.addAll(second);
      for (Block block : all) {
        state.submitBlock(block);
        UtxoSnapshot snapshot = state.utxoSnapshot();
        Map<OutPoint, Optional<Coin>> coins = new HashMap<>();
        for (OutPoint op : universe) {
          coins.put(op, state.coin(op));
        }
        published.add(new Seen(snapshot, coins));
        Thread.sleep(2);
      }
      done.set(true);
      for (Future<?> future : reading) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      done.set(true);
      readers.shutdownNow();
    }
    assertEquals(second.get(second.size() - 1).hash(), state.tip().hash(), "reorganised twice");
    assertTrue(checks.get() > 1_000, "lookups checked: " + checks.get());
  }
}
