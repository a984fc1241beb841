package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkSaturationTest {
  @Test
  void behind_namesTheFirstFailedCondition() {
    assertEquals(Optional.empty(), NetworkSaturation.behind(run(100, 100, true, 1_000)));
    assertEquals(Optional.of("incomplete"), NetworkSaturation.behind(run(100, 100, false, 1_000)));
    assertEquals(
        Optional.of("steady_under_0.9_offered"),
        NetworkSaturation.behind(run(100, 89, true, 1_000)));
    // bound: diameter 2 x (3 x 0 ms + 2,300 ms)
    assertEquals(
        Optional.of("tx_p99_over_bound"), NetworkSaturation.behind(run(100, 100, true, 4_700)));
  }

  @Test
  void sustained_isTheLastRunBeforeTheFirstThatFellBehind() {
    NetworkSaturation.Outcome o =
        new NetworkSaturation.Outcome(
            List.of(run(100, 99, true, 900), run(125, 120, true, 1_200), run(156, 110, true, 9e3)));

    assertEquals(125, o.sustained().orElseThrow().offeredTps());
    assertEquals(156, o.failed().orElseThrow().offeredTps());
    String line = o.line(7, 10);
    assertTrue(
        line.contains(" sustained_tps=120.0 offered_tps=125 steady_tps=120.0 bound_tps=500.0"),
        line);
    assertTrue(line.contains(" ratio=0.240 "), line);
    assertTrue(line.contains(" behind_offered_tps=156 behind_steady_tps=110.0"), line);
    assertTrue(line.endsWith(" behind_reason=steady_under_0.9_offered"), line);
  }

  @Test
  void sustained_isEmptyWhenTheFirstRunFellBehind() {
    NetworkSaturation.Outcome o = new NetworkSaturation.Outcome(List.of(run(100, 10, true, 900)));

    assertTrue(o.sustained().isEmpty());
    assertTrue(o.line(7, 10).contains(" sustained_tps=0 behind_offered_tps=100"), o.line(7, 10));
  }

  @Test
  void sustainedTps_isTheSteadyRateAtMostTheOffer() {
    assertEquals(90, NetworkSaturation.sustainedTps(run(100, 90, true, 1_000)), 1e-9);
    assertEquals(100, NetworkSaturation.sustainedTps(run(100, 114, true, 1_000)), 1e-9);
  }

  @Test
  void search_doublesUntilBehind_thenRefinesFromTheLastRateThatKeptUp() throws Exception {
    List<Integer> tried = new ArrayList<>();
    NetworkSaturation.Outcome o =
        NetworkSaturation.search(
            100,
            16,
            tps -> {
              tried.add(tps);
              return keepingUpTo(300, tps);
            });

    assertEquals(List.of(100, 200, 400, 250, 313), tried);
    assertEquals(250, o.sustained().orElseThrow().offeredTps());
    assertEquals(313, o.failed().orElseThrow().offeredTps());
  }

  @Test
  void search_stopsBeforeTheRateThatFellBehind_andAtMaxSteps() throws Exception {
    List<Integer> tried = new ArrayList<>();
    NetworkSaturation.search(
        100, 16, tps -> {
          tried.add(tps);
          return keepingUpTo(395, tps);
        });
    // 250, 313 and 391 keep up; the next, 489, would pass 400, which fell behind
    assertEquals(List.of(100, 200, 400, 250, 313, 391), tried);

    tried.clear();
    NetworkSaturation.search(10, 3, tps -> {
      tried.add(tps);
      return run(tps, tps, true, 1_000);
    });
    assertEquals(List.of(10, 20, 40), tried);
  }

  @Test
  void steadyRate_countsArrivalsOverTheLastTwoThirdsOfTheSubmissionOnly() {
    List<Long> evenly = new ArrayList<>();
    for (long i = 0; i < 900; i++) {
      evenly.add(1_000L + i * 10_000_000L); // 100 per second for 9 s after start = 1,000
    }
    List<Long> late = List.of(1_000L + 9_500_000_000L, 1_000L + 12_000_000_000L); // after 9 s

    assertEquals(100, NetworkBenchmark.steadyRate(evenly, 1_000, 9), 1);
    assertEquals(0, NetworkBenchmark.steadyRate(late, 1_000, 9));
    assertEquals(0, NetworkBenchmark.steadyRate(evenly.subList(0, 300), 1_000, 9));
  }

  /** A run of pools that keep up to {@code capacity} and fall far behind beyond it. */
  private static NetworkResult keepingUpTo(int capacity, int tps) {
    return run(tps, tps <= capacity ? tps : tps / 2.0, true, 1_000);
  }

  /**
   * A 10-second run of 3 nodes (diameter 2) reaching every pool at {@code accepted} per second,
   * steadily and overall, every transaction delayed by {@code p99Ms}.
   */
  private static NetworkResult run(int offered, double accepted, boolean complete, double p99Ms) {
    int txs = offered * 10;
    return new NetworkResult(
        3, KeyMode.ONE, 3, 2, 0, offered, txs, complete ? txs : txs - 1, complete, 10,
        txs / accepted, accepted, Collections.nCopies(10, (long) (p99Ms * 1e6)),
        List.of(1_000_000L), 5, 10, 1_500, 1.0, 185, 1_000_000, 1_000, 0.5, 1L << 20, 2);
  }
}
