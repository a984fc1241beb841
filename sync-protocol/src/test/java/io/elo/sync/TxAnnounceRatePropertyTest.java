package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The per-flush announcement limit: a backlog drains faster than one batch per flush, yet a peer
 * applying the same flood limit (the defaults of every node) never throttles the sender.
 */
class TxAnnounceRatePropertyTest {
  private static final SyncConfig DEFAULTS = SyncConfig.defaults();

  @Test
  void refill_addsTheFloodShare_perElapsedTime_upToTheBatch() {
    assertEquals(200, TxAnnouncer.refill(0, 1000, 1000, 250), 1e-9);
    assertEquals(500, TxAnnouncer.refill(100, 1000, 1000, 500), 1e-9);
    assertEquals(1000, TxAnnouncer.refill(900, 1000, 1000, 60_000), 1e-9);
    assertEquals(100, TxAnnouncer.refill(100, 1000, 1000, -5), 1e-9, "a clock step back adds 0");
  }

  /** A full backlog flushed at Poisson intervals: the receiver's flood guard grants everything. */
  @Property(tries = 200)
  void fullBacklog_atPoissonFlushes_isNeverThrottledByTheDefaultFloodGuard(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 5_000) int meanMillis) {
    Random random = new Random(seed);
    long now = 1_000_000;
    FloodGuard receiver = new FloodGuard(DEFAULTS.txFloodRate(), DEFAULTS.txFloodBurst(), now);
    double tokens = DEFAULTS.txAnnounceBatch();
    long last = now;
    long sent = 0;
    long start = now;
    for (int flush = 0; flush < 2_000; flush++) {
      now += TxAnnouncer.poissonDelayMillis(random, meanMillis);
      tokens = TxAnnouncer.refill(tokens, DEFAULTS.txAnnounceBatch(), DEFAULTS.txFloodRate(),
          now - last);
      last = now;
      int count = (int) tokens;
      tokens -= count;
      sent += count;
      assertEquals(count, receiver.take(count, now).granted(), "flush " + flush + " throttled");
    }
    double seconds = (now - start) / 1000.0;
    double rate = sent / seconds;
    assertTrue(
        sent <= DEFAULTS.txAnnounceBatch()
            + TxAnnouncer.FLOOD_SHARE * DEFAULTS.txFloodRate() * seconds + 1,
        "sent " + sent + " in " + seconds + " s: over the initial allowance plus the share");
    if (meanMillis <= 500) {
      // Up to the 500 ms inbound mean, few gaps outlast the 1.25 s the bucket takes to fill
      // (expected loss 8% at 500 ms): a backlog drains at about the flood share, where a fixed
      // batch of 100 drained at 100 / mean (200/s at 500 ms).
      assertTrue(
          rate >= 0.85 * TxAnnouncer.FLOOD_SHARE * DEFAULTS.txFloodRate(),
          "drains at only " + rate + "/s with mean " + meanMillis + " ms");
    }
  }
}
