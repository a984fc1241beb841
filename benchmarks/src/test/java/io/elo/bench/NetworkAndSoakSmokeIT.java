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
    NetworkResult r = NetworkBenchmark.run(5, 20, 5, 20, 3);

    assertTrue(r.complete(), r.toString());
    assertEquals(100, r.transactions());
    assertEquals(100, r.everywhere());
    assertEquals(100 * 4, r.txDelays().size()); // every non-origin node, once per transaction
    assertTrue(r.blocks() >= 1 && !r.blockDelays().isEmpty(), r.toString());
    assertTrue(r.blockDelays().get(0) >= 20_000_000L, r.toString()); // one 20 ms hop at least
    assertTrue(r.txDelays().get(0) >= 60_000_000L, r.toString()); // announce, request, send
    assertTrue(r.bytesPerTxPerLink() > r.txSize(), r.toString());
    assertTrue(r.line("tcp").startsWith("RESULT network mode=tcp nodes=5"), r.line("tcp"));
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
