package io.elo.p2p;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link NetworkCounters}; thread-safe. */
final class Counters {
  private static final class Traffic {
    final LongAdder messagesIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
  }

  private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();
  private final Map<DisconnectReason, LongAdder> disconnects = new ConcurrentHashMap<>();
  final LongAdder inboundConnections = new LongAdder();
  final LongAdder outboundConnections = new LongAdder();
  final LongAdder handshakesCompleted = new LongAdder();
  final LongAdder bansIssued = new LongAdder();
  final LongAdder unknownProtocolMessages = new LongAdder();
  final LongAdder rateLimitedMessages = new LongAdder();

  void received(String kind, int bytes) {
    Traffic t = traffic.computeIfAbsent(kind, k -> new Traffic());
    t.messagesIn.increment();
    t.bytesIn.add(bytes);
  }

  void sent(String kind, int bytes) {
    Traffic t = traffic.computeIfAbsent(kind, k -> new Traffic());
    t.messagesOut.increment();
    t.bytesOut.add(bytes);
  }

  void disconnected(DisconnectReason reason) {
    disconnects.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  NetworkCounters snapshot(int inboundPeers, int outboundPeers, int activeBans) {
    Map<String, TrafficCounts> trafficCopy = new HashMap<>();
    traffic.forEach(
        (kind, t) ->
            trafficCopy.put(
                kind,
                new TrafficCounts(
                    t.messagesIn.sum(), t.bytesIn.sum(), t.messagesOut.sum(), t.bytesOut.sum())));
    Map<DisconnectReason, Long> disconnectCopy = new EnumMap<>(DisconnectReason.class);
    disconnects.forEach((reason, n) -> disconnectCopy.put(reason, n.sum()));
    return new NetworkCounters(
        trafficCopy,
        inboundConnections.sum(),
        outboundConnections.sum(),
        inboundPeers,
        outboundPeers,
        handshakesCompleted.sum(),
        disconnectCopy,
        bansIssued.sum(),
        activeBans,
        unknownProtocolMessages.sum(),
        rateLimitedMessages.sum());
  }
}
