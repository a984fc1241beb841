package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainWork;
import io.elo.model.Block;
import io.elo.sync.ScriptedPeer;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.TestChainBuilder;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer feeding a long chain of well-linked headers with less work than the tip (minus the
 * 144-block allowance) costs bounded memory: nothing reaches the block index, and the real chain
 * still syncs.
 */
@Timeout(120)
class LowWorkHeadersIT {
  @Test
  void lowWorkHeaderSpam_isNeverStored_andTheRealChainStillSyncs() throws Exception {
    TestChainBuilder builder = TestChainBuilder.regtest();
    List<Block> honest = builder.extend(builder.genesis(), 2320);
    List<Block> spam = new ArrayList<>();
    spam.add(builder.genesis());
    spam.addAll(builder.extend(builder.genesis(), 2150)); // 2 batches, below 2300 - 144 blocks
    try (SimulatedNodes net = SimulatedNodes.create(21, builder.params(), builder.clockStart())) {
      Node victim = net.add();
      for (Block block : honest.subList(0, 2300)) {
        assertTrue(victim.chainState().submitBlock(block) instanceof BlockSubmitResult.Connected);
      }
      ScriptedPeer spammer =
          ScriptedPeer.start(net.network(), builder.params(), spam, ScriptedPeer.Blocks.HONEST);
      // Claims far more work than it has, so the victim asks it for headers.
      spammer.claimWork(ChainWork.of(BigInteger.ONE.shiftLeft(200)));
      net.await(victim.connect(spammer.network().listenAddress().orElseThrow()));
      assertTrue(
          net.runUntil(() -> spammer.headerRequests() >= 2, Duration.ofMinutes(1)),
          "the victim asked for the second batch (presync)");
      net.runFor(Duration.ofSeconds(10));

      for (Block block : spam.subList(1, spam.size())) {
        assertFalse(victim.chainState().status(block.hash()).isPresent(), "spam stored");
      }
      assertEquals(0, victim.syncStatus().presyncingPeers());
      assertEquals(0, spammer.blockRequests());
      assertEquals(2300, victim.tip().height().value());
      assertFalse(victim.network().isBanned(spammer.network().nodeId()), "low work is no fault");

      Node source = net.add();
      for (Block block : honest) {
        source.chainState().submitBlock(block);
      }
      net.connect(victim, source);
      Block tip = honest.get(honest.size() - 1);
      assertTrue(
          net.runUntil(() -> victim.tip().hash().equals(tip.hash()), Duration.ofMinutes(2)),
          "the real chain syncs: " + victim.syncStatus());
    }
  }
}
