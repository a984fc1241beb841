package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.SpendingChain;
import io.elo.validation.StoreException;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: a node that followed a 1,500-block fork meets a peer with a heavier chain
 * forking below it. It downloads the whole heavier branch (more than one download window past the
 * fork: the window must slide over blocks already stored, not over the tip), reorganises 1,500
 * blocks deep, and ends with exactly the UTXO set of a node that synced the heavier chain from
 * scratch.
 */
@Timeout(150)
class DeepReorgScenarioIT {
  private static final int PREFIX = 20;
  private static final int DEPTH = 1_500;
  private static final int LEAD = 10;

  private static void preload(Node node, List<Block> blocks) throws StoreException {
    for (Block block : blocks) {
      assertInstanceOf(BlockSubmitResult.Connected.class, node.chainState().submitBlock(block));
    }
  }

  @Test
  void nodeOnA1500BlockFork_switchesToTheHeavierChain_withTheUtxoSetOfAFreshlySyncedNode()
      throws Exception {
    TestChainBuilder chain = TestChainBuilder.of(FundedChain.PARAMS);
    assertTrue(FundedChain.PARAMS.maxReorgDepth() >= DEPTH, "parameters allow the reorg");
    List<Block> prefix = new SpendingChain(chain, 1, 1).extend(chain.genesis(), PREFIX);
    Block fork = prefix.get(PREFIX - 1);
    List<Block> light = new SpendingChain(chain, 2, 1).extend(fork, DEPTH);
    List<Block> heavy = new SpendingChain(chain, 3, 1).extend(fork, DEPTH + LEAD);
    Hash heavyTip = heavy.get(heavy.size() - 1).hash();

    try (SimulatedNodes net = SimulatedNodes.create(901, chain.params(), chain.clockStart())) {
      Node forked = net.add();
      Node source = net.add();
      Node fresh = net.add();
      preload(forked, prefix);
      preload(forked, light);
      preload(source, prefix);
      preload(source, heavy);
      assertEquals(PREFIX + DEPTH, forked.tip().height().value());
      Hash lightDigest = forked.chainState().utxoDigest();

      List<Block> disconnected = new ArrayList<>();
      forked.addListener(
          new NodeListener() {
            @Override
            public void blockDisconnected(Block block, Height height) {
              disconnected.add(block);
            }
          });
      net.connect(forked, source);
      net.connect(fresh, source);
      assertTrue(
          net.runUntil(
              () -> forked.tip().hash().equals(heavyTip) && fresh.tip().hash().equals(heavyTip),
              Duration.ofMinutes(5)),
          "both on the heavier chain: forked " + forked.syncStatus() + ", fresh "
              + fresh.syncStatus());

      assertEquals(DEPTH, disconnected.size(), "a reorganisation 1,500 blocks deep");
      assertEquals(PREFIX + DEPTH + LEAD, forked.tip().height().value());
      for (Block block : List.of(light.get(0), light.get(DEPTH / 2), light.get(DEPTH - 1))) {
        assertFalse(forked.chainState().isOnBestChain(block.hash()), "left the light branch");
      }
      Hash digest = fresh.chainState().utxoDigest();
      assertEquals(source.chainState().utxoDigest(), digest);
      assertEquals(digest, forked.chainState().utxoDigest(), "same UTXO set as a fresh sync");
      assertFalse(lightDigest.equals(digest), "the branches differ in their coins");
      assertEquals(1, forked.peers().size(), "no peer dropped on the way");
    }
  }
}
