package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small runs of the node-level benchmarks in {@code mvn verify}: each runs end to end and its
 * accounting holds (every block synced, every transaction in every pool and announced at most once
 * per link direction, every delay collected, the child JVM reports). Speed is not checked here;
 * docs/benchmarks.md has the real figures.
 */
@Timeout(240)
class MacroBenchmarksSmokeIT {
  @Test
  void syncBenchmark_syncsEveryDistinctKeyBlockBothWays() throws Exception {
    SyncBenchmark.Result r = SyncBenchmark.run(200, 2, 1, KeyMode.DISTINCT);

    assertEquals(200, r.blocks());
    assertEquals(1, r.localRates().size());
    assertEquals(1, r.tcpRates().size());
    assertEquals(199 * 2, r.transactions(), r.toString()); // one funding block, then 2 spends each
    assertTrue(r.ratio() > 0 && Double.isFinite(r.ratio()), r.toString());
    assertTrue(
        r.line().startsWith("RESULT sync blocks=200 txs=398 keys=distinct runs=1"), r.line());
  }

  @Test
  void throughputBenchmark_deliversEveryTransactionToEveryNode_announcedOncePerLinkDirection()
      throws Exception {
    List<ThroughputBenchmark.Summary> summaries =
        ThroughputBenchmark.run(
            new ThroughputBenchmark.Settings(
                1,
                3,
                List.of(KeyMode.DISTINCT, KeyMode.ONE),
                List.of(ThroughputBenchmark.Flood.RAISED),
                List.of(100)));

    assertEquals(2, summaries.size());
    for (ThroughputBenchmark.Summary s : summaries) {
      assertEquals(1, s.ramps().size());
      ThroughputBenchmark.Ramp r = s.ramps().get(0);
      assertEquals(1, r.steps().size());
      assertTrue(r.steps().get(0).complete(), r.toString());
      assertEquals(300, r.transactions());
      RelayCounter.Counts c = r.counts();
      assertEquals(4, c.linkDirections(), c.toString()); // a line of three: two links
      assertEquals(0, c.duplicateAnnouncements(), c.toString());
      assertEquals(0, c.duplicateTxMessages(), c.toString());
      // along the line 0 -> 1 -> 2 each transaction crosses two links, announced on each
      assertEquals(2 * r.transactions(), c.txMessages(), c.toString());
      assertTrue(c.announced() >= 2 * r.transactions() && c.announced() <= 4 * r.transactions());
      assertTrue(r.bound() > 0 && r.best() > 0, r.toString());
      assertTrue(r.pingSamples() > 0, r.toString());
      String line = s.line(3);
      assertTrue(
          line.startsWith("RESULT throughput keys=" + s.keys().label() + " flood=raised runs=1"),
          line);
    }
  }

  @Test
  void propagationBenchmark_collectsADelayPerNodeAndItem() {
    PropagationBenchmark.Result r = PropagationBenchmark.run(10, 3, 2, 7);

    assertEquals(3 * 9, r.blockDelays().size());
    assertEquals(3 * 2 * 9, r.txDelays().size());
    assertTrue(r.diameter() >= 2 && r.diameter() <= 9, r.toString());
    assertTrue(r.blockDelays().get(0) >= PropagationBenchmark.LINK_MILLIS, r.toString());
  }

  @Test
  void memoryBenchmark_childReportsALiveHeapWithinTheLimit() throws Exception {
    MemoryBenchmark.Result r = MemoryBenchmark.run(200, 500, 5, "256m");

    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(200, r.height()); // funding block plus 199 spending blocks
    assertEquals(500, r.mempool());
    assertEquals(5, r.peers());
    assertTrue(r.liveHeap() > 0 && r.liveHeap() < r.maxHeap(), r.toString());
  }
}
