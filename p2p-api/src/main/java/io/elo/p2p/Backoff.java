package io.elo.p2p;

import java.time.Duration;
import java.util.Random;

/**
 * Reconnection delays for static peers: exponential from {@link #INITIAL}, doubling per consecutive
 * failure up to {@link #MAX}, with "equal jitter": a delay {@code d} becomes uniform in {@code
 * [d/2, d)}, so peers that failed together do not retry together.
 */
final class Backoff {
  static final Duration INITIAL = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofMinutes(5);

  private Backoff() {}

  /** The delay before the next attempt after {@code failures} consecutive failures (≥ 1). */
  static Duration delay(int failures, Random random) {
    long cap = MAX.toMillis();
    long base = INITIAL.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
    base = Math.min(base, cap);
    long half = base / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (base - half)));
  }
}
