package io.elo.examples.internal.health;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the node counts as degraded.
 *
 * @param tipAgeSpacings the tip is "old" once its timestamp is more than this many block spacings
 *     behind the clock (default {@value #DEFAULT_TIP_AGE_SPACINGS}: with blocks as a Poisson
 *     process, a healthy chain goes that long without a block with probability e^-10, 0.005%)
 * @param stallTimeout sync counts as stalled when the best header is ahead of the tip and the tip
 *     has not moved for this long (default {@link #DEFAULT_STALL_TIMEOUT})
 */
public record HealthConfig(int tipAgeSpacings, Duration stallTimeout) {
  /** Default for {@link #tipAgeSpacings}. */
  public static final int DEFAULT_TIP_AGE_SPACINGS = 10;

  /** Default for {@link #stallTimeout}: two minutes. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(2);

  /** Validates the fields. */
  public HealthConfig {
    checkArgument(tipAgeSpacings > 0, "tipAgeSpacings must be positive: %s", tipAgeSpacings);
    requireNonNull(stallTimeout, "stallTimeout");
    checkArgument(
        !stallTimeout.isNegative() && !stallTimeout.isZero(), "stallTimeout must be positive");
  }

  /** The defaults. */
  public static HealthConfig defaults() {
    return new HealthConfig(DEFAULT_TIP_AGE_SPACINGS, DEFAULT_STALL_TIMEOUT);
  }
}
