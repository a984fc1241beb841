package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.p2p.NodeId;
import io.elo.sync.ScriptedPeer;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.StoreException;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A late node syncs a long chain from several peers, despite a stalling or a lying one. */
@Timeout(120)
class InitialSyncIT {
  private static final int LENGTH = 2000;
  private static TestChainBuilder builder;
  private static List<Block> chain; // index = height, genesis first

  @BeforeAll
  static void buildChain() {
    builder = TestChainBuilder.regtest();
    chain = new ArrayList<>();
    chain.add(builder.genesis());
    chain.addAll(builder.extend(builder.genesis(), LENGTH));
  }

  static void preload(Node node) throws StoreException {
    for (Block block : chain.subList(1, chain.size())) {
      BlockSubmitResult result = node.chainState().submitBlock(block);
      assertTrue(result instanceof BlockSubmitResult.Connected, result.toString());
    }
  }

  private static CompletableFuture<?> dial(Node from, ScriptedPeer to) {
    return from.connect(to.network().listenAddress().orElseThrow());
  }

  @Test
  void lateNode_syncsFromSeveralPeers_andDropsAStallingPeer() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(11, builder.params(), builder.clockStart())) {
      Node honest1 = net.add();
      Node honest2 = net.add();
      preload(honest1);
      preload(honest2);
      ScriptedPeer staller =
          ScriptedPeer.start(net.network(), builder.params(), chain, ScriptedPeer.Blocks.STALL);
      Node late = net.add();
      net.await(dial(late, staller)); // first, so it gets the first blocks of the window
      net.connect(late, honest1);
      net.connect(late, honest2);
      Block tip = chain.get(LENGTH);
      // Within 45 s: sooner than the 60 s request timeout, so the stall detection dropped it.
      assertTrue(
          net.runUntil(() -> late.tip().hash().equals(tip.hash()), Duration.ofSeconds(45)),
          "synced: " + late.syncStatus());
      NodeId stallerId = staller.network().nodeId();
      assertTrue(staller.blockRequests() > 0, "the staller was asked for blocks");
      assertFalse(late.network().peer(stallerId).isPresent(), "the staller was dropped");
      assertFalse(late.network().isBanned(stallerId), "stalling is not a ban");
      assertEquals(honest1.chainState().utxoDigest(), late.chainState().utxoDigest());
      assertTrue(late.syncStatus().isSynced());
    }
  }

  @Test
  void lateNode_bansAPeerServingInvalidBlocks_andSyncsFromHonestPeers() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(12, builder.params(), builder.clockStart())) {
      Node honest1 = net.add();
      Node honest2 = net.add();
      preload(honest1);
      preload(honest2);
      ScriptedPeer liar =
          ScriptedPeer.start(net.network(), builder.params(), chain, ScriptedPeer.Blocks.CORRUPT);
      Node late = net.add();
      net.await(dial(late, liar));
      net.connect(late, honest1);
      net.connect(late, honest2);
      Block tip = chain.get(LENGTH);
      assertTrue(
          net.runUntil(() -> late.tip().hash().equals(tip.hash()), Duration.ofMinutes(10)),
          "synced: " + late.syncStatus());
      assertTrue(late.network().isBanned(liar.network().nodeId()), "the liar is banned");
      assertEquals(honest2.chainState().utxoDigest(), late.chainState().utxoDigest());
    }
  }
}
