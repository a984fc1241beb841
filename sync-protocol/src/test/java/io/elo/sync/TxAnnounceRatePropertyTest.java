package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The per-flush announcement limit: a backlog drains at the flood share whatever the flush
 * interval (more per flush, never sooner), yet a peer applying the same flood limit (the defaults
 * of every node, or any other limits both ends share) never throttles the sender.
 */
class TxAnnounceRatePropertyTest {
  private static final SyncConfig DEFAULTS = SyncConfig.defaults();

  @Test
  void refill_addsTheFloodShare_perElapsedTime_upToTheCap() {
    assertEquals(200, TxAnnouncer.refill(0, 1000, 1000, 250), 1e-9);
    assertEquals(500, TxAnnouncer.refill(100, 1000, 1000, 500), 1e-9);
    assertEquals(1000, TxAnnouncer.refill(900, 1000, 1000, 60_000), 1e-9);
    assertEquals(100, TxAnnouncer.refill(100, 1000, 1000, -5), 1e-9, "a clock step back adds 0");
  }

  /**
   * A full backlog flushed at Poisson intervals: the receiver's flood guard (the same limits as
   * the sender's, the defaults or raised ones) grants everything, and the backlog drains at the
   * flood share whatever the mean interval.
   */
  @Property(tries = 200)
  void fullBacklog_atPoissonFlushes_isNeverThrottledByTheSameFloodGuard(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5_000) int meanMillis,
      @ForAll @IntRange(min = 100, max = 50_000) int floodRate,
      @ForAll @IntRange(min = 2, max = 10) int burstSeconds) {
    SyncConfig config = DEFAULTS.toBuilder().txFlood(floodRate, floodRate * burstSeconds).build();
    Random random = new Random(seed);
    long now = 1_000_000;
    FloodGuard receiver = new FloodGuard(config.txFloodRate(), config.txFloodBurst(), now);
    double cap = TxAnnouncer.allowanceCap(config);
    double tokens = cap;
    long last = now;
    long sent = 0;
    long start = now;
    for (int flush = 0; flush < 2_000; flush++) {
      now += TxAnnouncer.poissonDelayMillis(random, meanMillis);
      tokens = TxAnnouncer.refill(tokens, cap, config.txFloodRate(), now - last);
      last = now;
      int count = (int) tokens;
      tokens -= count;
      sent += count;
      assertEquals(count, receiver.take(count, now).granted(), "flush " + flush + " throttled");
    }
    double seconds = (now - start) / 1000.0;
    double rate = sent / seconds;
    assertTrue(
        sent <= cap + TxAnnouncer.FLOOD_SHARE * config.txFloodRate() * seconds + 1,
        "sent " + sent + " in " + seconds + " s: over the initial allowance plus the share");
    if (meanMillis <= 500) {
      // Up to the 500 ms inbound mean, gaps seldom outlast the 2 s or more the bucket takes to
      // fill: a backlog drains at about the flood share, where a fixed batch of 100 drained at
      // 100 / mean (200/s at 500 ms).
      assertTrue(
          rate >= 0.85 * TxAnnouncer.FLOOD_SHARE * config.txFloodRate(),
          "drains at only " + rate + "/s with mean " + meanMillis + " ms");
    }
  }
}
