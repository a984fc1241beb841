package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A token-bucket limit on the messages of one kind a single peer may send: {@code burst} at once,
 * refilled at {@code perSecond}. A message over the limit is dropped and counts as minor
 * misbehaviour; a peer that keeps sending past a second full burst of drops is disconnected with
 * {@link DisconnectReason#MISBEHAVIOUR}.
 *
 * @param perSecond the sustained rate, messages per second, positive
 * @param burst the bucket size, at least 1
 */
public record RateLimit(double perSecond, int burst) {
  /** Validates the rate and burst. */
  public RateLimit {
    checkArgument(perSecond > 0 && Double.isFinite(perSecond), "rate must be positive");
    checkArgument(burst >= 1, "burst must be at least 1: %s", burst);
  }

  /** Returns a limit of {@code perSecond} sustained with bursts of {@code burst}. */
  public static RateLimit of(double perSecond, int burst) {
    return new RateLimit(perSecond, burst);
  }
}
