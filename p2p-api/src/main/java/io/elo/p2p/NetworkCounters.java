package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * A snapshot of a {@link PeerNetwork}'s counters, for metrics (the node binds them to
 * Micrometer). Totals count since start; "current" values are gauges.
 *
 * @param traffic messages and bytes per kind: {@code challenge}, {@code hello}, {@code ping},
 *     {@code pong}, {@code disconnect}, one entry per registered protocol ({@code name/version}),
 *     and {@code unregistered} for messages of protocols not registered here
 * @param inboundConnections inbound connections accepted by the transport
 * @param outboundConnections outbound connections established by the transport
 * @param currentInboundPeers inbound peers connected now (handshake complete)
 * @param currentOutboundPeers outbound peers connected now (handshake complete)
 * @param handshakesCompleted handshakes that produced a peer
 * @param disconnects connections ended, per reason (with or without a completed handshake)
 * @param bansIssued bans added since start (by reputation or by hand)
 * @param activeBans bans in force now
 * @param unknownProtocolMessages messages of unregistered protocols, ignored
 * @param rateLimitedMessages messages dropped by a rate limit
 */
public record NetworkCounters(
    Map<String, TrafficCounts> traffic,
    long inboundConnections,
    long outboundConnections,
    int currentInboundPeers,
    int currentOutboundPeers,
    long handshakesCompleted,
    Map<DisconnectReason, Long> disconnects,
    long bansIssued,
    int activeBans,
    long unknownProtocolMessages,
    long rateLimitedMessages) {
  /** Copies the maps and checks that counts are not negative. */
  public NetworkCounters {
    traffic = Map.copyOf(traffic);
    disconnects = Map.copyOf(disconnects);
    checkArgument(
        inboundConnections >= 0
            && outboundConnections >= 0
            && currentInboundPeers >= 0
            && currentOutboundPeers >= 0
            && handshakesCompleted >= 0
            && bansIssued >= 0
            && activeBans >= 0
            && unknownProtocolMessages >= 0
            && rateLimitedMessages >= 0,
        "negative counter");
  }

  /** The traffic of {@code kind}, or zero. */
  public TrafficCounts traffic(String kind) {
    return traffic.getOrDefault(kind, TrafficCounts.ZERO);
  }

  /** The number of disconnects for {@code reason}. */
  public long disconnects(DisconnectReason reason) {
    return disconnects.getOrDefault(reason, 0L);
  }
}
