package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.SyncConfig;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: several peers serve headers but never blocks during initial sync. Each is
 * dropped by the stall rule of docs/protocol.md, the first exactly at the starting stall timeout
 * (2 s after its request, detected on the next 500 ms tick), none before the timeout, none banned,
 * no honest peer dropped, and sync completes from the honest peers.
 */
@Timeout(60)
class StallingPeersScenarioIT {
  private static final int LENGTH = 400;
  private static final int STALLERS = 3;
  private static final Duration LATENCY = Duration.ofMillis(50);

  @Test
  void severalStallers_areDroppedAtTheStallTimeout_andSyncCompletes() throws Exception {
    TestChainBuilder builder = TestChainBuilder.regtest();
    List<Block> chain = new ArrayList<>();
    chain.add(builder.genesis());
    chain.addAll(builder.extend(builder.genesis(), LENGTH));
    // A window of 64 blocks: the stallers hold 48 of them, so it is exhausted at once and the
    // drop time is set by the stall timeout alone (with 1,024 it would be set by the download).
    SyncConfig config = SyncConfig.defaults().toBuilder().downloadWindow(64).build();
    Duration stall = config.stallTimeoutMin();
    Duration tick = config.tickInterval();
    try (SimulatedNodes net = SimulatedNodes.create(931, builder.params(), builder.clockStart())) {
      Node honest1 = net.add();
      Node honest2 = net.add();
      for (Node node : List.of(honest1, honest2)) {
        for (Block block : chain.subList(1, chain.size())) {
          assertTrue(node.chainState().submitBlock(block) instanceof BlockSubmitResult.Connected);
        }
      }
      Map<NodeId, Instant> dropped = new LinkedHashMap<>();
      Map<NodeId, DisconnectReason> reasons = new LinkedHashMap<>();
      Node late =
          net.add(
              net.builder()
                  .syncConfig(config)
                  .listener(
                      new NodeListener() {
                        @Override
                        public void peerDisconnected(Peer peer, DisconnectReason reason) {
                          dropped.put(peer.nodeId(), net.scheduler().instant());
                          reasons.put(peer.nodeId(), reason);
                        }
                      }));
      List<ScriptedPeer> stallers = new ArrayList<>();
      for (int i = 0; i < STALLERS; i++) {
        ScriptedPeer staller =
            ScriptedPeer.start(net.network(), builder.params(), chain, ScriptedPeer.Blocks.STALL);
        stallers.add(staller);
        net.await(late.connect(staller.network().listenAddress().orElseThrow()));
      }
      net.connect(late, honest1);
      net.connect(late, honest2);
      assertTrue(
          net.runUntil(
              () -> stallers.stream().allMatch(s -> s.blockRequests() > 0), Duration.ofSeconds(10)),
          "every staller was asked for blocks");

      Block tip = chain.get(LENGTH);
      assertTrue(
          net.runUntil(() -> late.tip().hash().equals(tip.hash()), Duration.ofSeconds(60)),
          "synced: " + late.syncStatus());
      Instant synced = net.scheduler().instant();

      List<Duration> after = new ArrayList<>();
      Instant requested = stallers.get(0).firstBlockRequest().orElseThrow().minus(LATENCY);
      for (ScriptedPeer staller : stallers) {
        NodeId id = staller.network().nodeId();
        // Sent one link latency before it arrived.
        Instant sent = staller.firstBlockRequest().orElseThrow().minus(LATENCY);
        assertTrue(dropped.containsKey(id), "staller dropped");
        assertEquals(DisconnectReason.TIMEOUT, reasons.get(id), "a stall is a timeout");
        assertFalse(late.network().isBanned(id), "stalling is not a ban");
        after.add(Duration.between(sent, dropped.get(id)));
      }
      System.out.printf(
          "StallingPeersScenarioIT: stallers dropped %s after their request; synced after %s%n",
          after, Duration.between(requested, synced));
      // The first holder of the window's first block goes exactly at the starting timeout.
      Duration first = after.get(0);
      assertTrue(first.compareTo(stall) >= 0, "not before the stall timeout: " + first);
      assertTrue(
          first.compareTo(stall.plus(tick).plus(LATENCY.multipliedBy(2))) <= 0,
          "at the stall timeout, on the next tick: " + first);
      for (int i = 1; i < STALLERS; i++) {
        // The others hold the next blocks of the window: each goes once it is the window's first
        // missing block, never before the (minimum) timeout, one after another in window order.
        Instant previous = dropped.get(stallers.get(i - 1).network().nodeId());
        Instant current = dropped.get(stallers.get(i).network().nodeId());
        assertTrue(after.get(i).compareTo(stall) >= 0, "staller " + i + " early: " + after);
        assertFalse(current.isBefore(previous), "window order");
        assertTrue(
            Duration.between(previous, current).compareTo(stall.plus(tick)) <= 0,
            "dropped within one timeout of the previous staller");
      }
      assertEquals(2, late.peers().size(), "the honest peers stay");
      assertTrue(late.network().bans().isEmpty());
      assertEquals(honest1.chainState().utxoDigest(), late.chainState().utxoDigest());
      assertTrue(
          Duration.between(requested, synced).compareTo(Duration.ofSeconds(15)) < 0,
          "the stallers cost seconds, not the 60 s request timeout");
    }
  }
}
