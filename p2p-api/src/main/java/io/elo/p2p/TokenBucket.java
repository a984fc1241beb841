package io.elo.p2p;

import java.time.Instant;

/** A token bucket on the injected clock: {@code burst} tokens, refilled at {@code perSecond}. */
final class TokenBucket {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long refilledAtNanos;
  private boolean started;

  TokenBucket(double perSecond, double burst, double initial) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = initial;
  }

  private void refill(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (started && nanos > refilledAtNanos) {
      tokens = Math.min(burst, tokens + (nanos - refilledAtNanos) / 1e9 * perSecond);
    }
    if (!started || nanos > refilledAtNanos) {
      refilledAtNanos = nanos;
    }
    started = true;
  }

  /** Takes one token if there is one. */
  boolean tryTake(Instant now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Adds {@code count} tokens, up to the burst. */
  void add(double count, Instant now) {
    refill(now);
    tokens = Math.min(burst, tokens + count);
  }

  double tokens(Instant now) {
    refill(now);
    return tokens;
  }
}
