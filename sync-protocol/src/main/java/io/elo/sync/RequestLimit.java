package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one peer may ask of one {@link RequestKind} per second: messages, items and bytes served,
 * each a token bucket holding {@code burst} worth of its rate. A request is served while none of
 * the three is in debt; serving takes one message, its items and the bytes its answer cost (the
 * answer sent, or the blocks read for it when larger), which may leave a bucket in debt, so the
 * long-run rates hold exactly and a burst exceeds its bound by at most one request. Requests beyond
 * the budget wait; see docs/protocol.md ("Request limits") for what happens then.
 *
 * @param messagesPerSecond request messages per second, positive
 * @param itemsPerSecond items asked per second (hashes, indexes or wtxids), positive
 * @param bytesPerSecond bytes served per second, positive
 * @param burst how many seconds' worth of each rate a bucket holds, positive
 */
public record RequestLimit(
    double messagesPerSecond, double itemsPerSecond, double bytesPerSecond, Duration burst) {
  /** Checks the rates are positive and finite and the burst positive. */
  public RequestLimit {
    checkArgument(positive(messagesPerSecond), "messagesPerSecond must be positive");
    checkArgument(positive(itemsPerSecond), "itemsPerSecond must be positive");
    checkArgument(positive(bytesPerSecond), "bytesPerSecond must be positive");
    requireNonNull(burst, "burst");
    checkArgument(burst.toMillis() >= 1, "burst must be at least 1 ms: %s", burst);
  }

  /** A limit of the given rates and burst. */
  public static RequestLimit of(
      double messagesPerSecond, double itemsPerSecond, double bytesPerSecond, Duration burst) {
    return new RequestLimit(messagesPerSecond, itemsPerSecond, bytesPerSecond, burst);
  }

  /** This limit with every rate multiplied by {@code factor} (a benchmark's raised budget). */
  public RequestLimit scaled(double factor) {
    checkArgument(positive(factor), "factor must be positive");
    return new RequestLimit(
        messagesPerSecond * factor, itemsPerSecond * factor, bytesPerSecond * factor, burst);
  }

  private static boolean positive(double value) {
    return value > 0 && Double.isFinite(value);
  }
}
