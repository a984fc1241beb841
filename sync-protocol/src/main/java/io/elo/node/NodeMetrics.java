package io.elo.node;

import io.elo.mempool.Mempool;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.TrafficCounts;
import io.elo.sync.ChainMessageStats;
import io.elo.sync.ChainProtocol;
import io.elo.sync.RequestKind;
import io.elo.sync.RequestLimitStats;
import io.elo.sync.SyncStatus;
import io.elo.validation.ChainState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The node's Micrometer meters (docs/node.md, "Metrics", lists names, units and tags). Registered
 * by {@link Node#start()}, removed by {@link Node#close()}. Gauges and function counters read the
 * live components when scraped; the two block timers are fed by {@link RecentBlocks}.
 */
final class NodeMetrics {
  /** Message kinds the p2p layer counts itself (it sees protocol payloads only as a whole). */
  static final List<String> CONTROL_KINDS =
      List.of(
          "challenge", "hello", "ready", "ping", "pong", "disconnect", "unregistered", "malformed");

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Timer propagation;
  private final Timer announcement;
  private final Counter connectedLocal;
  private final Counter connectedPeer;

  NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.propagation =
        add(
            Timer.builder("elo.block.propagation.delay")
                .description(
                    "local connect time minus block timestamp, blocks from peers while in sync;"
                        + " 1 s resolution")
                .register(registry));
    this.announcement =
        add(
            Timer.builder("elo.block.announcement.delay")
                .description("first header announcement by a peer to local connect")
                .register(registry));
    this.connectedLocal = add(connected("local"));
    this.connectedPeer = add(connected("peer"));
  }

  private Counter connected(String source) {
    return Counter.builder("elo.blocks.connected")
        .description("blocks connected to the best chain, by source")
        .tag("source", source)
        .register(registry);
  }

  /** Registers the gauges and counters over the started node's components. */
  void bind(
      ChainState chain,
      ChainProtocol protocol,
      PeerNetwork network,
      Mempool mempool,
      BlockProduction production) {
    gauge("elo.chain.height", chain, c -> c.tip().height().value(), null);
    gauge("elo.peers", network, n -> n.peers().size(), null);
    gauge("elo.mempool.size", mempool, Mempool::size, null);
    gauge("elo.mempool.bytes", mempool, Mempool::bytes, "bytes");
    gauge(
        "elo.sync.best.header.height", protocol, p -> p.status().bestHeaderHeight().value(), null);
    gauge("elo.sync.blocks.in.flight", protocol, p -> p.status().blocksInFlight(), null);
    gauge("elo.sync.blocks.queued", protocol, p -> p.status().blocksQueued(), null);
    gauge("elo.sync.progress", protocol, NodeMetrics::progress, "percent");
    gauge("elo.p2p.bans.active", network, n -> n.counters().activeBans(), null);
    gauge("elo.compact.received", protocol, p -> p.compactBlockStats().received(), null);
    gauge("elo.compact.reconstructed", protocol, p -> p.compactBlockStats().reconstructed(), null);
    gauge("elo.compact.blocktxn", protocol, p -> p.compactBlockStats().neededBlockTxn(), null);
    gauge("elo.compact.fallback", protocol, p -> p.compactBlockStats().fellBack(), null);
    functionCounter("elo.p2p.bans", Tags.empty(), network, n -> n.counters().bansIssued(), null);
    if (production != null) {
      gauge("elo.blocks.producing", production, p -> p.isEnabled() && !p.isPaused() ? 1 : 0, null);
      functionCounter(
          "elo.blocks.produced", Tags.empty(), production, BlockProduction::blocksProduced, null);
    }
    for (RequestKind kind : RequestKind.values()) {
      Tags tags = Tags.of("kind", kind.messageName());
      functionCounter(
          "elo.chain.requests.throttled", tags, protocol, p -> limitCount(p, kind, false), null);
      functionCounter(
          "elo.chain.requests.refused", tags, protocol, p -> limitCount(p, kind, true), null);
    }
    for (ChainMessageStats stats : protocol.messageStats()) {
      chainTraffic(protocol, stats.kind(), "in", ChainMessageStats::messagesIn,
          ChainMessageStats::bytesIn);
      chainTraffic(protocol, stats.kind(), "out", ChainMessageStats::messagesOut,
          ChainMessageStats::bytesOut);
    }
    Set<String> kinds = new LinkedHashSet<>(CONTROL_KINDS);
    for (ProtocolId id : network.protocols()) {
      kinds.add(id.toString());
    }
    kinds.addAll(network.counters().traffic().keySet());
    for (String kind : kinds) {
      boolean control = CONTROL_KINDS.contains(kind);
      Tags base = Tags.of("protocol", control ? "p2p" : kind, "kind", control ? kind : "all");
      traffic(
          network,
          kind,
          base.and("direction", "in"),
          TrafficCounts::messagesIn,
          TrafficCounts::bytesIn);
      traffic(
          network,
          kind,
          base.and("direction", "out"),
          TrafficCounts::messagesOut,
          TrafficCounts::bytesOut);
    }
  }

  private void chainTraffic(
      ChainProtocol protocol,
      String kind,
      String direction,
      ToLongFunction<ChainMessageStats> messages,
      ToLongFunction<ChainMessageStats> bytes) {
    Tags tags = Tags.of("kind", kind, "direction", direction);
    functionCounter(
        "elo.chain.messages", tags, protocol, p -> chainCount(p, kind, messages), null);
    functionCounter("elo.chain.bytes", tags, protocol, p -> chainCount(p, kind, bytes), "bytes");
  }

  private static long chainCount(
      ChainProtocol protocol, String kind, ToLongFunction<ChainMessageStats> count) {
    for (ChainMessageStats stats : protocol.messageStats()) {
      if (stats.kind().equals(kind)) {
        return count.applyAsLong(stats);
      }
    }
    return 0;
  }

  private static long limitCount(ChainProtocol protocol, RequestKind kind, boolean refused) {
    RequestLimitStats stats = protocol.requestLimitStats().get(kind.ordinal());
    return refused ? stats.refused() : stats.throttled();
  }

  private void traffic(
      PeerNetwork network,
      String kind,
      Tags tags,
      ToLongFunction<TrafficCounts> messages,
      ToLongFunction<TrafficCounts> bytes) {
    functionCounter(
        "elo.p2p.messages", tags, network, n -> messages.applyAsLong(n.counters().traffic(kind)),
        null);
    functionCounter(
        "elo.p2p.bytes", tags, network, n -> bytes.applyAsLong(n.counters().traffic(kind)),
        "bytes");
  }

  /** Feeds the block timers and counters. */
  void blockArrived(BlockArrival arrival, boolean inSync) {
    if (arrival.source() == BlockArrival.Source.LOCAL) {
      connectedLocal.increment();
      return;
    }
    connectedPeer.increment();
    if (inSync) {
      propagation.record(nonNegative(arrival.sinceBlockTime()));
    }
    arrival
        .firstAnnounced()
        .ifPresent(t -> announcement.record(nonNegative(Duration.between(t, arrival.arrival()))));
  }

  /** Removes every meter. */
  void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private static double progress(ChainProtocol protocol) {
    SyncStatus s = protocol.status();
    int best = s.bestHeaderHeight().value();
    return best == 0 ? 100.0 : 100.0 * s.tipHeight().value() / best;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private <T> void gauge(String name, T target, ToDoubleFunction<T> value, String unit) {
    add(Gauge.builder(name, target, value).baseUnit(unit).register(registry));
  }

  private <T> void functionCounter(
      String name, Tags tags, T target, ToDoubleFunction<T> value, String unit) {
    add(FunctionCounter.builder(name, target, value).tags(tags).baseUnit(unit).register(registry));
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }
}
