package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Messages and bytes of one message kind, in and out, since the network started. Bytes count the
 * whole frame (envelope included).
 *
 * @param messagesIn messages received
 * @param bytesIn bytes received
 * @param messagesOut messages sent
 * @param bytesOut bytes sent
 */
public record TrafficCounts(long messagesIn, long bytesIn, long messagesOut, long bytesOut) {
  /** No traffic. */
  public static final TrafficCounts ZERO = new TrafficCounts(0, 0, 0, 0);

  /** Validates that no count is negative. */
  public TrafficCounts {
    checkArgument(
        messagesIn >= 0 && bytesIn >= 0 && messagesOut >= 0 && bytesOut >= 0,
        "negative traffic count");
  }
}
