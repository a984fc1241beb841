package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.node.Disconnects;
import io.elo.node.Node;
import io.elo.node.SimulatedNodes;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import io.elo.validation.TestChainBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request limits at the default budgets: a peer flooding one request kind is throttled, then
 * penalised until the reputation manager disconnects it, while a fresh node syncing from the same
 * node at the same time is never throttled; a static peer flooding is served and never penalised.
 */
@Timeout(120)
class RequestLimitsIT {
  private static final int BLOCKS = 400;
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  private record Setup(
      SimulatedNodes net,
      Node victim,
      List<Block> blocks,
      ScriptedPeer attacker,
      Disconnects gone,
      SimpleMeterRegistry metrics) {}

  /** A node holding {@value #BLOCKS} blocks, connected to a scripted attacker (static or not). */
  private Setup setup(long seed, boolean attackerStatic) {
    SimulatedNodes net = SimulatedNodes.create(seed, chain.params(), chain.clockStart());
    Disconnects gone = new Disconnects();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Node victim = net.add(net.builder().listener(gone).meterRegistry(metrics));
    List<Block> blocks = chain.extend(chain.genesis(), BLOCKS);
    blocks.forEach(block -> net.submit(victim, block));
    ScriptedPeer attacker =
        ScriptedPeer.start(
            net.network(), chain.params(), List.of(chain.genesis()), ScriptedPeer.Blocks.HONEST);
    PeerAddress address = attacker.network().listenAddress().orElseThrow();
    if (attackerStatic) {
      victim.network().addStaticPeer(address);
    }
    net.await(victim.connect(address));
    net.runFor(Duration.ofMillis(500));
    return new Setup(net, victim, blocks, attacker, gone, metrics);
  }

  /** What the attacker sends every millisecond: far over the default budget of each kind. */
  private static List<byte[]> flood(RequestKind kind, List<Block> blocks, long[] counter) {
    List<byte[]> messages = new ArrayList<>();
    switch (kind) {
      case GET_HEADERS -> { // 2,000/s against 100/s: every one answered with 400 headers
        messages.add(TestMessages.getHeaders(List.of(blocks.get(0).header().previousHash())));
        messages.add(TestMessages.getHeaders(List.of(blocks.get(0).header().previousHash())));
      }
      case GET_BLOCKS -> { // 160,000 hashes/s against 10,000/s
        List<Hash> hashes = blocks.subList(0, 16).stream().map(Block::hash).toList();
        for (int i = 0; i < 10; i++) {
          messages.add(TestMessages.getBlocks(hashes));
        }
      }
      case GET_BLOCK_TXN -> { // 2,000/s against 50/s
        Hash tip = blocks.get(blocks.size() - 1).hash();
        messages.add(TestMessages.getBlockTxn(tip, new int[] {0}));
        messages.add(TestMessages.getBlockTxn(tip, new int[] {0}));
      }
      case GET_TX -> { // 1,000,000 wtxids/s against 10,000/s
        List<Hash> wtxids = new ArrayList<>();
        for (int i = 0; i < TestMessages.MAX_TX_INVENTORY; i++) {
          wtxids.add(Hash.sha256(ByteBuffer.allocate(8).putLong(counter[0]++).array()));
        }
        messages.add(TestMessages.getTx(wtxids));
      }
    }
    return messages;
  }

  private static long counter(Setup s, String name, RequestKind kind) {
    return (long) s.metrics().get(name).tag("kind", kind.messageName()).functionCounter().count();
  }

  private static RequestLimitStats of(List<RequestLimitStats> stats, RequestKind kind) {
    return stats.get(kind.ordinal());
  }

  @ParameterizedTest
  @EnumSource(RequestKind.class)
  void flood_isThrottledThenPenalised_whileAPeerSyncingMeanwhileIsNeverThrottled(RequestKind kind) {
    Setup s = setup(140 + kind.ordinal(), false);
    try (SimulatedNodes net = s.net()) {
      Node victim = s.victim();
      NodeId attackerId = s.attacker().network().nodeId();
      Node honest = net.add();
      net.connect(honest, victim);
      assertTrue(
          net.runUntil(() -> honest.tip().height().value() >= 50, Duration.ofSeconds(30)),
          "the honest sync is under way");
      long[] counter = {0};
      ScheduledFuture<?> flooding =
          net.scheduler()
              .scheduleAtFixedRate(
                  () -> flood(kind, s.blocks(), counter).forEach(s.attacker()::sendRaw),
                  0,
                  1,
                  TimeUnit.MILLISECONDS);

      assertTrue(
          net.runUntil(
              () ->
                  victim
                      .requestLimitStats(attackerId)
                      .map(st -> of(st, kind).throttled() > 0)
                      .orElse(false),
              Duration.ofSeconds(10)),
          "the flood is throttled");
      RequestLimitStats first = of(victim.requestLimitStats(attackerId).orElseThrow(), kind);
      assertEquals(0, first.refused(), "throttled before any penalty");
      assertTrue(s.gone().of(attackerId).isEmpty());

      assertTrue(
          net.runUntil(() -> s.gone().of(attackerId).isPresent(), Duration.ofSeconds(10)),
          "then penalised until disconnected");
      flooding.cancel(false);
      assertEquals(DisconnectReason.MISBEHAVIOUR, s.gone().of(attackerId).orElseThrow());
      assertFalse(victim.network().isBanned(attackerId), "minor faults: disconnected, not banned");
      RequestLimitStats total = of(victim.requestLimitStats(), kind);
      assertTrue(total.refused() >= 10, "ten MINOR reports reach the disconnect score: " + total);
      assertEquals(total.throttled(), counter(s, "elo.chain.requests.throttled", kind));
      assertEquals(total.refused(), counter(s, "elo.chain.requests.refused", kind));
      int height = honest.tip().height().value();
      assertTrue(height < BLOCKS, "the flood ended before the honest sync: " + height);

      assertTrue(
          net.runUntil(
              () -> honest.tip().hash().equals(victim.tip().hash()), Duration.ofSeconds(60)),
          "the honest node synced");
      List<RequestLimitStats> mine = victim.requestLimitStats(honest.nodeId()).orElseThrow();
      for (RequestLimitStats st : mine) {
        assertEquals(0, st.throttled() + st.refused(), "honest peer throttled: " + mine);
      }
      assertTrue(of(mine, RequestKind.GET_BLOCKS).served() >= BLOCKS / 16, "it was served");
      assertTrue(of(mine, RequestKind.GET_HEADERS).served() >= 1);
      assertTrue(s.gone().of(honest.nodeId()).isEmpty());
    }
  }

  @Test
  void staticPeerFlooding_isServed_andNeverThrottledOrPenalised() {
    Setup s = setup(150, true);
    try (SimulatedNodes net = s.net()) {
      long[] counter = {0};
      ScheduledFuture<?> flooding =
          net.scheduler()
              .scheduleAtFixedRate(
                  () ->
                      flood(RequestKind.GET_HEADERS, s.blocks(), counter)
                          .forEach(s.attacker()::sendRaw),
                  0,
                  1,
                  TimeUnit.MILLISECONDS);
      net.runFor(Duration.ofSeconds(1));
      flooding.cancel(false);
      net.runFor(Duration.ofMillis(500));
      RequestLimitStats headers = of(s.victim().requestLimitStats(), RequestKind.GET_HEADERS);
      assertTrue(headers.served() >= 1_900, "20x the budget, all served: " + headers);
      assertEquals(0, headers.throttled() + headers.refused());
      assertFalse(s.gone().any(), "still connected");
    }
  }
}
