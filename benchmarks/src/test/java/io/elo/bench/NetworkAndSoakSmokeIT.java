package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small runs of {@code elo bench network} and {@code elo bench soak} in {@code mvn verify}: each
 * runs end to end and its accounting holds. Speed and uptime targets are not checked here (the
 * 3-minute soak in {@code .ci/run} checks uptime); docs/benchmarks.md has the real figures.
 */
@Timeout(240)
class NetworkAndSoakSmokeIT {
  @Test
  void networkBenchmark_deliversEveryTransactionEverywhere_withDelaysNoShorterThanALink()
      throws Exception {
    NetworkResult r = NetworkBenchmark.run(5, 20, 5, 20, 3, KeyMode.DISTINCT);

    assertTrue(r.complete(), r.toString());
    assertEquals(100, r.transactions());
    assertEquals(100, r.everywhere());
    assertEquals(100 * 4, r.txDelays().size()); // every non-origin node, once per transaction
    assertTrue(r.blocks() >= 1 && !r.blockDelays().isEmpty(), r.toString());
    assertTrue(r.blockDelays().get(0) >= 20_000_000L, r.toString()); // one 20 ms hop at least
    assertTrue(r.txDelays().get(0) >= 60_000_000L, r.toString()); // announce, request, send
    assertTrue(r.bytesPerTxPerLink() > r.txSize(), r.toString());
    assertTrue(r.blockValidationMs() > 0, r.toString()); // measured, one core, cold
    assertTrue(r.blockBoundMs() > 1.5 * r.diameter() * 20, r.toString());
    assertTrue(
        r.line("tcp").startsWith("RESULT network mode=tcp nodes=5 keys=distinct"), r.line("tcp"));
  }

  @Test
  void networkSaturation_raisesTheRateUntilThePoolsFallBehindOrTheStepsEnd() throws Exception {
    NetworkSaturation.Outcome o = NetworkSaturation.run(3, 20, 3, 0, 5, KeyMode.ONE, 2);

    assertTrue(o.runs().size() >= 1 && o.runs().size() <= 2, o.toString());
    assertEquals(20, o.runs().get(0).offeredTps());
    if (o.runs().size() == 2) {
      assertEquals(40, o.runs().get(1).offeredTps()); // doubled: the first kept up
    }
    o.runs().forEach(r -> assertEquals(r.diameter(), o.runs().get(0).diameter())); // same seed
    String line = o.line(5, 3);
    assertTrue(line.startsWith("RESULT network-saturation nodes=3 keys=one seed=5"), line);
  }

  @Test
  void soak_restartsNodesAndHealsWithOneUtxoDigest() throws Exception {
    SoakTest.Result r = new SoakTest(4, 5, 25, 10_000, 5, null).run();

    assertTrue(r.restarts() >= 1, r.line());
    assertEquals(r.restarts(), r.heals(), r.line());
    assertEquals(0, r.divergences(), r.line());
    assertTrue(r.samples() >= 4 * 20, r.line());
    assertTrue(r.height() > 1, r.line());
  }
}
