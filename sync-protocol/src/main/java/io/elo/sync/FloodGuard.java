package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Flood control for one peer's transaction traffic, like the peer network's protocol rate limits:
 * a token bucket of {@code burst} items refilled at {@code perSecond}; items beyond it are
 * dropped. The first drop of a run is reported (the caller reports {@code MINOR}); a second bucket
 * of the same size counts the dropped items and, once it too is empty, the flood is sustained
 * (the caller disconnects with {@code MISBEHAVIOUR}). A peer at most {@code perSecond} on average
 * is never throttled; one sending r items per second, r above twice the rate, is throttled after
 * {@code burst / (r − perSecond)} seconds and disconnected {@code burst / (r − 2 × perSecond)}
 * seconds later; between once and twice the rate it is only throttled. Not thread-safe; the
 * protocol's lock guards it.
 */
final class FloodGuard {
  /**
   * The answer for a batch.
   *
   * @param granted items the caller may process (the first {@code granted} of the batch)
   * @param firstDrop this batch started a run of drops: report it
   * @param sustained the drops exhausted the second bucket: disconnect
   */
  record Outcome(int granted, boolean firstDrop, boolean sustained) {}

  private final double perMilli;
  private final int burst;
  private double tokens;
  private double excess;
  private long at;
  private boolean throttled;
  private long dropped;

  FloodGuard(double perSecond, int burst, long now) {
    checkArgument(perSecond > 0 && burst >= 1, "rate and burst must be positive");
    this.perMilli = perSecond / 1000;
    this.burst = burst;
    this.tokens = burst;
    this.excess = burst;
    this.at = now;
  }

  /** Takes {@code count} items at {@code now} (millis). */
  Outcome take(int count, long now) {
    if (now > at) {
      double refill = (now - at) * perMilli;
      tokens = Math.min(burst, tokens + refill);
      excess = Math.min(burst, excess + refill);
      at = now;
    }
    int granted = (int) Math.min(count, Math.floor(tokens));
    tokens -= granted;
    int drop = count - granted;
    if (drop == 0) {
      throttled = false;
      return new Outcome(granted, false, false);
    }
    dropped += drop;
    boolean first = !throttled;
    throttled = true;
    excess -= drop;
    return new Outcome(granted, first, excess < 0);
  }

  /** Items dropped so far. */
  long dropped() {
    return dropped;
  }
}
