package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.Coin;
import io.elo.validation.StoreException;
import io.elo.validation.UtxoView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reorganisation rebuilds the pool on its executor in bounded steps: readers never wait for a
 * step, and admissions go on between steps.
 */
class ChainSyncStepsTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(20); // a hang guard, not a bound

  private static final String SYNC_THREAD = "mempool-chain-sync";

  private final ExecutorService chainSync =
      Executors.newSingleThreadExecutor(r -> new Thread(r, SYNC_THREAD));
  private final CountDownLatch inStep = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean armed;

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    chainSync.shutdownNow();
    assertTrue(chainSync.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** The chain seen by the pool, whose coin lookups on the executor can be made to wait. */
  private final class Pausing {
    final PoolFixture f;
    final Mempool pool;

    Pausing(PoolFixture f) throws Exception {
      this.f = f;
      MempoolChain real = MempoolChain.of(f.state);
      MempoolChain chain =
          () -> {
            MempoolChain.Snapshot snap = real.snapshot();
            return new MempoolChain.Snapshot(snap.tipHash(), snap.tipHeight(), pausing(snap.coins()));
          };
      f.state.removeListener(f.pool);
      pool =
          Mempool.builder(f.state.transactionValidator(), chain)
              .clock(f.clock)
              .executor(chainSync)
              .build();
      f.state.addListener(pool);
    }

    private UtxoView pausing(UtxoView coins) {
      return new UtxoView() {
        @Override
        public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
          if (armed && Thread.currentThread().getName().equals(SYNC_THREAD)) {
            armed = false;
            inStep.countDown();
            await(release);
          }
          return coins.coin(outPoint);
        }

        @Override
        public boolean recentlySpent(OutPoint outPoint) {
          return coins.recentlySpent(outPoint);
        }
      };
    }

    /** {@code count} pool transactions, the first and last spending block A's coinbase. */
    List<Transaction> fillAround(Block a, int count) {
      List<Transaction> txs = new ArrayList<>();
      txs.add(tx(out(a.transactions().get(0), 0), 1_000, 1));
      for (int i = 0; i < count - 2; i++) {
        txs.add(tx(f.fund(), 1_000, 1));
      }
      txs.add(tx(out(a.transactions().get(0), 1), 1_000, 1));
      for (Transaction t : txs) {
        assertTrue(pool.submit(t, SourceKey.LOCAL).isAccepted());
      }
      return txs;
    }

    /** Replaces block A by two empty blocks on its parent. */
    void reorgAway(Block base) throws Exception {
      Block b1 = f.blockOn(base, List.of());
      f.submit(b1);
      f.submit(f.blockOn(b1, List.of()));
    }
  }

  private static Block blockA(PoolFixture f) throws Exception {
    Amount half = Amount.ofAtoms(PoolFixture.PARAMS.subsidy(f.state.tip().height().next()).atoms() / 2);
    Block a =
        f.chain
            .on(f.tip)
            .coinbaseOutputs(
                List.of(TxOutput.of(half, PoolFixture.ADDRESS), TxOutput.of(half, PoolFixture.ADDRESS)))
            .build();
    f.submit(a);
    return a;
  }

  @Test
  void readers_neverWait_whileARebuildStepHoldsThePool() throws Exception {
    Pausing p = new Pausing(PoolFixture.create(20, MempoolPolicy.defaults()));
    Block base = p.f.tip;
    Block a = blockA(p.f);
    p.pool.syncWithChain();
    List<Transaction> txs = p.fillAround(a, 12);
    armed = true;

    p.reorgAway(base);
    assertTrue(inStep.await(20, TimeUnit.SECONDS), "the rebuild reads coins in a step");

    Transaction first = txs.get(1);
    assertTimeoutPreemptively(
        PROMPTLY,
        () -> {
          assertTrue(p.pool.contains(first.txid()));
          assertEquals(Optional.of(first), p.pool.transactionByWtxid(first.wtxid()));
          assertEquals(Optional.of(first), p.pool.transaction(first.txid()));
          assertTrue(p.pool.entry(first.txid()).isPresent());
          assertEquals(txs.size(), p.pool.entries().size());
          assertEquals(txs.size(), p.pool.size());
          assertTrue(p.pool.bytes() > 0);
          assertEquals(0, p.pool.orphanCount());
          assertEquals(p.pool.policy().minRelayFeeRate(), p.pool.minimumFeeRate());
        });
    release.countDown();
    p.pool.syncWithChain();
    assertFalse(p.pool.contains(txs.get(0).txid()), "spent a coinbase output that is gone");
    assertFalse(p.pool.contains(txs.get(txs.size() - 1).txid()));
    assertEquals(txs.size() - 2, p.pool.size());
  }

  @Test
  void admissions_goOnBetweenTheStepsOfARebuild() throws Exception {
    int count = Rebuild.CHUNK + 40;
    Pausing p = new Pausing(PoolFixture.create(count + 2, MempoolPolicy.defaults()));
    Block base = p.f.tip;
    Block a = blockA(p.f);
    p.pool.syncWithChain();
    List<Transaction> txs = p.fillAround(a, count);
    Transaction oldest = txs.get(0);
    Transaction newest = txs.get(txs.size() - 1);
    CountDownLatch betweenSteps = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    p.pool.addListener(
        new MempoolListener() {
          @Override
          public void transactionAdded(Transaction tx, Amount fee) {}

          @Override
          public void transactionRemoved(Transaction tx, RemovalReason reason) {
            if (tx.equals(newest)) { // revalidated in the first chunk, newest first
              betweenSteps.countDown();
              await(goOn);
            }
          }
        });

    p.reorgAway(base);
    assertTrue(betweenSteps.await(20, TimeUnit.SECONDS));

    Transaction late = tx(p.f.fund(), 2_000, 1);
    assertTimeoutPreemptively(
        PROMPTLY, () -> assertTrue(p.pool.submit(late, SourceKey.LOCAL).isAccepted()));
    assertTrue(p.pool.contains(oldest.txid()), "the last chunk is not revalidated yet");
    goOn.countDown();
    p.pool.syncWithChain();
    assertFalse(p.pool.contains(oldest.txid()));
    assertTrue(p.pool.contains(late.txid()));
    Invariants.check(p.pool, p.f.state);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
