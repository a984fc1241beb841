package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Eight submitters race block connections and reorganisations; the invariants hold after. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 40;

  @Test
  @Timeout(120)
  void eightSubmitters_raceBlocksAndReorgs_invariantsHold() throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    ExecutorService submitters = Executors.newFixedThreadPool(THREADS);
    try {
      MempoolPolicy policy = MempoolPolicy.builder().maxBytes(40_000).build();
      PoolFixture f = PoolFixture.create(THREADS * 20, policy, background, null);
      List<List<PoolFixture.Utxo>> slices = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        slices.add(new ArrayList<>(f.funds.subList(t * 20, (t + 1) * 20)));
      }
      // Two threads share a slice, so their transactions conflict and replace each other.
      slices.set(1, slices.get(0));
      AtomicInteger accepted = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<PoolFixture.Utxo> slice = slices.get(t);
        long seed = t;
        done.add(submitters.submit(() -> {
          Random random = new Random(seed);
          List<PoolFixture.Utxo> mine = new ArrayList<>(slice);
          for (int i = 0; i < PER_THREAD; i++) {
            PoolFixture.Utxo input = mine.get(random.nextInt(mine.size()));
            long fee = 300 + random.nextInt(20_000);
            Transaction tx = PoolFixture.tx(input, fee, 2);
            if (f.pool.submit(tx, SourceKey.of("s" + seed)).isAccepted()) {
              accepted.incrementAndGet();
              mine.add(out(tx, 0));
              mine.add(out(tx, 1));
            }
          }
          return null;
        }));
      }
      Random random = new Random(99);
      int reorgs = 0;
      while (!done.stream().allMatch(Future::isDone)) {
        reorgs += f.randomChainEvent(random, 3_000) ? 1 : 0;
        Thread.sleep(5);
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
      f.settle(background);
      Invariants.check(f.pool, f.state);
      assertTrue(accepted.get() > THREADS * 5, "accepted " + accepted.get());
      assertTrue(reorgs > 0 || f.state.tip().height().value() > 3);
      f.mineEverything();
    } finally {
      submitters.shutdownNow();
      background.shutdownNow();
    }
  }
}
