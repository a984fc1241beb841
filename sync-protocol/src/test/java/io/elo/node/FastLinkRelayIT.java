package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Transaction;
import io.elo.p2p.LinkProfile;
import io.elo.sync.RequestLimits;
import io.elo.sync.SyncConfig;
import io.elo.sync.TxRelayStatus;
import io.elo.validation.BlockSubmitResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relay sized by the link: two nodes on a 20 ms link (40 ms round trip) with flood limits raised
 * far above the offered rate carry 4,000 transactions a second from one to the other, in virtual
 * time. The fixed caps this replaced (100 requests in flight per peer, refilled only by a new
 * announcement or the 500 ms timer; at most 1,000 wtxids per flush) carried at most 100
 * requests per flush or tick: about (1 / 250 ms + 1 / 500 ms) x 100 = 600 per second on this
 * link whatever its speed.
 */
@Timeout(120)
class FastLinkRelayIT {
  private static final int RATE = 4_000;
  private static final int SECONDS = 1; // the funding block's subsidy pays about 5,000 outputs
  private static final double OLD_CAP = (1000.0 / 250 + 1000.0 / 500) * 100;

  @Test
  void aFastLink_carriesTheOfferedRate_farAboveTheOldFixedCaps() {
    int count = RATE * SECONDS;
    FundedChain funded = new FundedChain(count);
    List<Transaction> txs = funded.nextTransactions(count);
    SyncConfig config =
        SyncConfig.defaults().toBuilder()
            .txFlood(50_000, 250_000)
            .requestLimits(RequestLimits.defaults().scaled(10))
            .build();
    try (SimulatedNodes net =
        SimulatedNodes.create(77, FundedChain.PARAMS, funded.chain().clockStart())) {
      net.network().setDefaultLink(LinkProfile.ofLatency(Duration.ofMillis(20)));
      Node a = net.add(config);
      Node b = net.add(config);
      net.connect(a, b);
      assertTrue(net.submit(a, funded.funding()) instanceof BlockSubmitResult.Connected);
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(List.of(a, b)), Duration.ofSeconds(10)));

      long start = net.scheduler().millis();
      int perStep = RATE / 100; // every 10 ms
      for (int i = 0; i < count; i += perStep) {
        txs.subList(i, Math.min(count, i + perStep)).forEach(tx -> TxFixtures.submit(a, tx));
        net.runFor(Duration.ofMillis(10));
      }
      assertTrue(
          net.runUntil(() -> b.mempoolSize() == count, Duration.ofSeconds(30)),
          "every transaction reaches the other node");
      double seconds = (net.scheduler().millis() - start) / 1000.0;
      double rate = count / seconds;
      // The last transactions wait for one more Poisson flush (mean 250 ms) and a round trip.
      assertTrue(
          seconds < SECONDS + 1,
          "carried " + rate + " tx/s of " + RATE + " offered (" + seconds + " s)");
      assertTrue(rate > 3 * OLD_CAP, "the old caps allowed about " + OLD_CAP + " tx/s");

      TxRelayStatus status = b.relayStatus();
      assertEquals(count, status.transactionsReceived(), "each crossed the link once");
      assertEquals(0, status.duplicateTransactions());
      assertEquals(0, status.floodDropped());
    }
  }
}
