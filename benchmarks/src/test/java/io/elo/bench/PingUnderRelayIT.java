package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.node.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The latency requirement: three nodes over encrypted loopback TCP (a line, 0-1-2) relay
 * 200 transactions per second submitted to node 0 for 20 seconds, while every node pings each of
 * its peers ten times a second over the same connections ({@link PingProbe}); the ping round trip's
 * p99 must stay under 100 ms. A 3-second relay warm-up (JIT compilation) comes first and is not
 * sampled. Also checks the relay's accounting: every transaction reached every mempool and none was
 * announced twice on a link direction.
 */
@Timeout(180)
class PingUnderRelayIT {
  private static final int RATE = 200;
  private static final int WARM_UP_SECONDS = 3;
  private static final int SECONDS = 20;

  @Test
  void pingRoundTripP99_staysUnder100ms_whileRelaying200TransactionsPerSecond() throws Exception {
    Funding funding = new Funding(RATE * (WARM_UP_SECONDS + SECONDS));
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(net.add());
      }
      for (Node node : nodes) {
        LoopbackNodes.submitAll(node, funding.blocks());
      }
      List<Double> rtts;
      ThroughputBenchmark.Step measured;
      try (PingProbe ping = new PingProbe(nodes)) {
        LoopbackNodes.connect(nodes.get(0), nodes.get(1));
        LoopbackNodes.connect(nodes.get(1), nodes.get(2));
        ThroughputBenchmark.Step warmUp =
            ThroughputBenchmark.step(
                net, nodes.get(0), funding.next(RATE * WARM_UP_SECONDS), RATE, 0);
        assertTrue(warmUp.complete(), warmUp.toString());
        ping.start(100);
        measured =
            ThroughputBenchmark.step(
                net, nodes.get(0), funding.next(RATE * SECONDS), RATE, warmUp.transactions());
        rtts = ping.samples();
      }
      double p50 = PingProbe.quantile(rtts, 0.5);
      double p99 = PingProbe.quantile(rtts, 0.99);
      String report =
          String.format(
              "ping p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d samples; relay %s; %s",
              p50, p99, rtts.get(rtts.size() - 1), rtts.size(), measured, net.counter().counts());
      System.out.println("ping under relay: " + report);

      int total = RATE * (WARM_UP_SECONDS + SECONDS);
      assertTrue(measured.complete(), report);
      for (int i = 0; i < 3; i++) {
        assertEquals(total, net.arrivals(i), "mempool arrivals at node " + i);
      }
      RelayCounter.Counts counts = net.counter().counts();
      assertEquals(0, counts.duplicateAnnouncements(), report);
      assertEquals(0, counts.duplicateTxMessages(), report);
      // two links, four directions: each transaction announced at most once per direction
      assertTrue(counts.announced() <= 4L * total, report);
      assertTrue(counts.txMessages() >= 2L * total, report); // 0 -> 1 -> 2
      // four peer ends, ten pings a second each: most of them answered
      assertTrue(rtts.size() >= 4 * 10 * SECONDS * 8 / 10, report);
      assertTrue(p99 < 100, report);
    }
  }
}
