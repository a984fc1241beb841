package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.mempool.MempoolEntry;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.node.TxFixtures;
import io.elo.validation.TestChainBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TxAnnouncerTest {
  private static final int SAMPLES = 20_000;

  @Test
  void poissonDelays_areExponentialWithTheConfiguredMean() {
    Random random = new Random(1234);
    long mean = 250;
    long sum = 0;
    int belowMean = 0;
    int aboveThreeMeans = 0;
    for (int i = 0; i < SAMPLES; i++) {
      long d = TxAnnouncer.poissonDelayMillis(random, mean);
      assertTrue(d >= 0);
      sum += d;
      belowMean += d < mean ? 1 : 0;
      aboveThreeMeans += d > 3 * mean ? 1 : 0;
    }
    double average = (double) sum / SAMPLES;
    assertEquals(mean, average, mean * 0.03, "mean");
    // Exponential: P(X < mean) = 1 - 1/e = 0.632, P(X > 3 mean) = e^-3 = 0.0498.
    assertEquals(0.632, (double) belowMean / SAMPLES, 0.015);
    assertEquals(0.0498, (double) aboveThreeMeans / SAMPLES, 0.006);
  }

  @Test
  void poissonDelays_areDeterministicForASeed() {
    Random a = new Random(99);
    Random b = new Random(99);
    for (int i = 0; i < 100; i++) {
      assertEquals(
          TxAnnouncer.poissonDelayMillis(a, 500), TxAnnouncer.poissonDelayMillis(b, 500));
    }
  }

  @Test
  void mempoolOrder_putsParentsFirst_thenTheBestFeeRate() {
    TestChainBuilder chain = TestChainBuilder.regtest();
    Transaction parent =
        TxFixtures.spendCoinbase(chain, chain.extend(chain.genesis(), 1).get(0), 1);
    Transaction child = TxFixtures.child(chain, parent, 1);
    Transaction other = TxFixtures.spendCoinbase(chain, chain.extend(chain.genesis(), 1).get(0), 2);
    MempoolEntry parentEntry = entry(parent, 1_000, 1, 1_000);
    MempoolEntry childEntry = entry(child, 1_000_000, 2, 1_001_000); // pays far more, but second
    MempoolEntry richer = entry(other, 50_000, 1, 50_000);
    List<MempoolEntry> entries = new ArrayList<>(List.of(childEntry, parentEntry, richer));
    entries.sort(TxAnnouncer.MEMPOOL_ORDER);
    assertEquals(List.of(richer, parentEntry, childEntry), entries);
  }

  private static MempoolEntry entry(Transaction tx, long fee, int ancestors, long ancestorFees) {
    long bytes = (long) tx.size() * ancestors;
    return new MempoolEntry(
        tx,
        Amount.ofAtoms(fee),
        Instant.EPOCH,
        ancestors,
        bytes,
        Amount.ofAtoms(ancestorFees),
        1,
        tx.size(),
        Amount.ofAtoms(fee));
  }
}
