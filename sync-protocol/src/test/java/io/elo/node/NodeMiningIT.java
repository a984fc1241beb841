package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes that produce their own blocks: a {@code Miner} (real threads) on a simulated network, and
 * the pause of production during initial sync.
 */
@Timeout(120)
class NodeMiningIT {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  @Test
  void threeNodes_oneMining_everyBlockReachesTheOthers() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(31, chain.params(), chain.clockStart())) {
      Node miner = net.add(net.builder().mining(TestChainBuilder.minerAddress(), 1));
      Node b = net.add();
      Node c = net.add();
      net.connect(b, miner);
      net.connect(c, b);
      assertTrue(miner.isProducingBlocks());
      assertTrue(drive(net, () -> miner.tip().height().value() >= 20), "miner reached 20");
      miner.stopBlockProduction();
      net.runFor(Duration.ofSeconds(5));
      Hash tip = miner.tip().hash();
      assertTrue(
          net.runUntil(
              () -> b.tip().hash().equals(tip) && c.tip().hash().equals(tip),
              Duration.ofSeconds(30)),
          "b " + b.syncStatus() + ", c " + c.syncStatus());
      int height = miner.tip().height().value();
      assertTrue(miner.blocksProduced() >= height, "the chain is the miner's work");
      for (int h = 1; h <= height; h++) {
        Block mined = miner.blockAt(Height.of(h)).orElseThrow();
        assertEquals(mined, b.blockAt(Height.of(h)).orElseThrow());
        assertEquals(mined, c.blockAt(Height.of(h)).orElseThrow());
      }
      List<BlockArrival> arrivals = c.recentBlocks();
      assertEquals(height, arrivals.size());
      assertTrue(arrivals.stream().allMatch(a -> a.source() == BlockArrival.Source.PEER));
      assertTrue(
          miner.recentBlocks().stream().allMatch(a -> a.source() == BlockArrival.Source.LOCAL));
    }
  }

  @Test
  void production_pausesDuringInitialSync_andResumesOnceCaughtUp() throws Exception {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(1);
    try (SimulatedNodes net = SimulatedNodes.create(32, poa.params(), poa.clockStart())) {
      Node source = net.add();
      List<Block> blocks = poa.extend(poa.genesis(), 300);
      for (Block block : blocks) {
        net.submit(source, block);
      }
      Node sealer =
          net.add(
              net.builder()
                  .sealing(poa.authority(0).privateKey(), TestChainBuilder.minerAddress())
                  .produceBlocks(false));
      net.connect(sealer, source);
      assertTrue(
          net.runUntil(
              () -> sealer.syncStatus().bestHeaderHeight().value() == 300, Duration.ofSeconds(30)));
      assertTrue(sealer.tip().height().value() < 300 - NodeBuilder.DEFAULT_PRODUCTION_MAX_LAG);
      sealer.startBlockProduction();
      assertTrue(
          net.runUntil(sealer::isBlockProductionPaused, Duration.ofSeconds(2)),
          "paused while far behind");
      assertTrue(sealer.isProducingBlocks());
      assertTrue(
          net.runUntil(() -> sealer.tip().height().value() > 300, Duration.ofMinutes(2)),
          "caught up and sealing: " + sealer.syncStatus());
      assertFalse(sealer.isBlockProductionPaused());
      assertEquals(blocks.get(299), sealer.blockAt(Height.of(300)).orElseThrow());
    }
  }

  /**
   * Drives the simulation while real miner threads work: virtual time advances in small steps so
   * their submissions are processed; gives up after 60 s of real time.
   */
  static boolean drive(SimulatedNodes net, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      net.runFor(Duration.ofMillis(100));
      Thread.sleep(2);
    }
    return true;
  }
}
