package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * The behaviour of a simulated link between two hosts of a {@link SimulatedNetwork}.
 *
 * <p>Connections stay reliable and ordered, as TCP's are: a lost packet is not dropped but
 * retransmitted after {@code max(200 ms, 2 × latency)}, possibly several times, which delays it
 * and every frame behind it.
 *
 * @param latency one-way delay
 * @param jitter extra one-way delay drawn uniformly from {@code [0, jitter]} per frame
 * @param loss probability that a frame (or a connection attempt) is lost once, in {@code [0, 1)}
 * @param bandwidth bytes per second each way per connection; 0 for unlimited
 */
public record LinkProfile(Duration latency, Duration jitter, double loss, long bandwidth) {
  /** Instant, lossless, unlimited. */
  public static final LinkProfile PERFECT = new LinkProfile(Duration.ZERO, Duration.ZERO, 0, 0);

  /** Validates the profile. */
  public LinkProfile {
    checkNotNull(latency, "latency");
    checkNotNull(jitter, "jitter");
    checkArgument(!latency.isNegative() && !jitter.isNegative(), "negative delay");
    checkArgument(loss >= 0 && loss < 1, "loss must be in [0, 1): %s", loss);
    checkArgument(bandwidth >= 0, "negative bandwidth");
  }

  /** A lossless, unlimited link with the given one-way latency and no jitter. */
  public static LinkProfile ofLatency(Duration latency) {
    return new LinkProfile(latency, Duration.ZERO, 0, 0);
  }

  /** Returns this profile with another loss probability. */
  public LinkProfile withLoss(double newLoss) {
    return new LinkProfile(latency, jitter, newLoss, bandwidth);
  }

  /** Returns this profile with another jitter. */
  public LinkProfile withJitter(Duration newJitter) {
    return new LinkProfile(latency, newJitter, loss, bandwidth);
  }

  /** Returns this profile with another bandwidth (bytes per second, 0 for unlimited). */
  public LinkProfile withBandwidth(long newBandwidth) {
    return new LinkProfile(latency, jitter, loss, newBandwidth);
  }
}
