package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.ChainStates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Submitters on several threads at once, racing each other (chains split over threads so children
 * may come before parents, replacements, the byte cap) and then racing blocks and reorganisations
 * applied on the pool's executor:
 *
 * <ul>
 *   <li>without chain events, the pool ends exactly as a sequential replay of the same commits in
 *       the order the pool reported them (same additions and removals, same entries and figures),
 *       and no orphan waits for parents that are all in the pool;
 *   <li>with chain events, the invariants hold once the pool has caught up (see {@link
 *       Invariants}) and a template of the whole pool connects.
 * </ul>
 */
class ConcurrencyPropertyTest {
  private static final int THREADS = 3;
  private static final int FUNDS = 24;
  private static final MempoolPolicy POLICY =
      MempoolPolicy.builder()
          .maxBytes(5_000)
          .ancestorLimits(5, 3_000)
          .descendantLimits(5, 3_000)
          .maxReplacements(6)
          .build();

  @Property(tries = 100)
  void concurrentSubmissions_equalASequentialReplay_andChainEventsKeepTheInvariants(
      @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    ExecutorService background = Executors.newSingleThreadExecutor();
    ExecutorService submitters = Executors.newFixedThreadPool(THREADS);
    try {
      PoolFixture f = PoolFixture.create(FUNDS, POLICY, background, null);
      List<String> log = Collections.synchronizedList(new ArrayList<>());
      f.pool.addListener(recorder(log));
      List<Transaction> generated = generate(random, new ArrayList<>(f.funds.subList(0, 12)), 30);
      Map<Transaction, AdmissionResult> results =
          race(f, submitters, split(random, generated), () -> {});

      assertEqualsSequentialReplay(f, log, generated);
      assertNoOrphanWaitsForPresentParents(f, results);

      // Stage two: more submissions while blocks and reorganisations arrive.
      List<PoolFixture.Utxo> spendable = new ArrayList<>(f.funds.subList(12, FUNDS));
      for (MempoolEntry e : f.pool.entries()) {
        spendable.add(out(e.transaction(), 0));
      }
      List<Transaction> more = generate(random, spendable, 30);
      race(f, submitters, split(random, more), () -> chainEvent(f, random));
      f.settle(background);
      Invariants.check(f.pool, f.state);
      f.mineEverything();
    } finally {
      submitters.shutdownNow();
      background.shutdownNow();
      assertTrue(background.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /** New families, children, joins of two outputs and replacements, in generation order. */
  private static List<Transaction> generate(
      Random random, List<PoolFixture.Utxo> funds, int count) {
    List<Transaction> txs = new ArrayList<>();
    List<PoolFixture.Utxo> unspent = new ArrayList<>(funds);
    List<PoolFixture.Utxo> spentOnce = new ArrayList<>(); // replacement candidates
    List<Long> spentFees = new ArrayList<>();
    for (int i = 0; i < count && !unspent.isEmpty(); i++) {
      int kind = random.nextInt(10);
      List<PoolFixture.Utxo> inputs = new ArrayList<>();
      long fee = 300 + random.nextInt(6_000);
      if (kind == 0 && !spentOnce.isEmpty()) {
        int pick = random.nextInt(spentOnce.size());
        inputs.add(spentOnce.get(pick));
        fee = spentFees.get(pick) + 600 + random.nextInt(6_000);
      } else {
        inputs.add(unspent.remove(random.nextInt(unspent.size())));
        if (kind == 1 && !unspent.isEmpty()) {
          inputs.add(unspent.remove(random.nextInt(unspent.size())));
        }
        for (PoolFixture.Utxo input : inputs) {
          spentOnce.add(input);
          spentFees.add(fee);
        }
      }
      Transaction tx = PoolFixture.tx(inputs, fee, 1 + random.nextInt(2));
      txs.add(tx);
      for (int o = 0; o < tx.outputs().size(); o++) {
        unspent.add(out(tx, o));
      }
    }
    return txs;
  }

  /** Each transaction to a random thread; each thread keeps generation order. */
  private static List<List<Transaction>> split(Random random, List<Transaction> txs) {
    List<List<Transaction>> parts = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      parts.add(new ArrayList<>());
    }
    for (Transaction tx : txs) {
      parts.get(random.nextInt(THREADS)).add(tx);
    }
    return parts;
  }

  /** Runs the parts at once from peer sources (so orphans happen), {@code meanwhile} in a loop. */
  private static Map<Transaction, AdmissionResult> race(
      PoolFixture f, ExecutorService submitters, List<List<Transaction>> parts, Runnable meanwhile)
      throws Exception {
    Map<Transaction, AdmissionResult> results = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < parts.size(); t++) {
      List<Transaction> part = parts.get(t);
      SourceKey source = SourceKey.of("thread-" + t);
      done.add(submitters.submit(() -> {
        start.await();
        for (Transaction tx : part) {
          results.put(tx, f.pool.submit(tx, source));
        }
        return null;
      }));
    }
    start.countDown();
    while (!done.stream().allMatch(Future::isDone)) {
      meanwhile.run();
    }
    for (Future<?> future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    return results;
  }

  /**
   * Replays the commits in the order the listener heard them (an addition, or a removal by the
   * byte cap of a transaction never added: one evicted on arrival) into a fresh pool over the same
   * chain, on one thread; the log and the entries must come out equal.
   */
  private static void assertEqualsSequentialReplay(
      PoolFixture f, List<String> log, List<Transaction> generated) throws Exception {
    PoolFixture replay = PoolFixture.create(FUNDS, POLICY, ChainStates.DIRECT, null);
    assertEquals(f.funds, replay.funds, "same chain");
    List<String> replayLog = new ArrayList<>();
    replay.pool.addListener(recorder(replayLog));
    Map<String, Transaction> byId = new java.util.HashMap<>();
    for (Transaction tx : generated) {
      byId.put(tx.txid().toHex(), tx);
    }
    Set<String> added = new HashSet<>();
    for (String event : List.copyOf(log)) {
      String[] parts = event.split(" ");
      boolean commit =
          parts[0].equals("added")
              || (parts[0].equals(RemovalReason.SIZE_LIMIT.toString()) && !added.contains(parts[1]));
      if (commit) {
        added.add(parts[1]);
        replay.pool.submit(byId.get(parts[1]), SourceKey.LOCAL);
      }
    }
    assertEquals(log, replayLog);
    assertEquals(replay.pool.entries(), f.pool.entries());
  }

  /**
   * An orphan whose parents are all in the pool (or on the chain) would never be resolved: each such
   * transaction, submitted again, must not still be waiting ({@code AlreadyKnown}).
   */
  private static void assertNoOrphanWaitsForPresentParents(
      PoolFixture f, Map<Transaction, AdmissionResult> results) {
    Set<Hash> chainTxids = new HashSet<>();
    for (PoolFixture.Utxo fund : f.funds) {
      chainTxids.add(fund.outPoint().txid());
    }
    for (Map.Entry<Transaction, AdmissionResult> r : results.entrySet()) {
      Transaction tx = r.getKey();
      if (!(r.getValue() instanceof AdmissionResult.Orphan) || f.pool.contains(tx.txid())) {
        continue;
      }
      boolean parentsPresent = true;
      for (TxInput input : tx.inputs()) {
        Hash parent = input.outPoint().txid();
        parentsPresent &= chainTxids.contains(parent) || f.pool.contains(parent);
      }
      if (parentsPresent) {
        AdmissionResult again = f.pool.submit(tx, SourceKey.of("check"));
        assertTrue(
            !(again instanceof AdmissionResult.AlreadyKnown),
            "an orphan waits for parents that are all present: " + tx.txid());
      }
    }
  }

  private static void chainEvent(PoolFixture f, Random random) {
    try {
      f.randomChainEvent(random, 1_000 + random.nextInt(3_000));
      Thread.sleep(1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static MempoolListener recorder(List<String> log) {
    return new MempoolListener() {
      @Override
      public void transactionAdded(Transaction tx, Amount fee) {
        log.add("added " + tx.txid().toHex());
      }

      @Override
      public void transactionRemoved(Transaction tx, RemovalReason reason) {
        log.add(reason + " " + tx.txid().toHex());
      }
    };
  }
}
