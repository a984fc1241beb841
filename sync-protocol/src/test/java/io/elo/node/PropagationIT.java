package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** New blocks produced on one node reach every other node. */
@Timeout(60)
class PropagationIT {
  @Test
  void threeNodes_blocksProducedOnOne_reachTheOthers() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(1, chain.params(), chain.clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      net.connect(a, b);
      net.connect(b, c); // c hears of a's blocks only through b
      Block tip = chain.genesis();
      for (int i = 0; i < 20; i++) {
        tip = chain.on(tip).build();
        assertInstanceOf(BlockSubmitResult.Connected.class, net.submit(a, tip));
        net.runFor(Duration.ofSeconds(2));
      }
      Block last = tip;
      assertTrue(
          net.runUntil(() -> c.tip().hash().equals(last.hash()), Duration.ofSeconds(30)),
          "c reached a's tip");
      for (Node node : List.of(a, b, c)) {
        assertEquals(20, node.tip().height().value());
        assertEquals(last, node.blockAt(Height.of(20)).orElseThrow());
      }
      assertEquals(a.chainState().utxoDigest(), c.chainState().utxoDigest());
    }
  }

  @Test
  void burstOfBlocks_withoutPauses_propagates() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(2, chain.params(), chain.clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      net.connectAll(List.of(a, b, c));
      List<Block> blocks = chain.extend(chain.genesis(), 50);
      for (Block block : blocks) {
        net.submit(a, block);
      }
      Block last = blocks.get(blocks.size() - 1);
      assertTrue(
          net.runUntil(
              () -> SimulatedNodes.sameTip(List.of(a, b, c)) && c.tip().hash().equals(last.hash()),
              Duration.ofSeconds(30)));
      assertEquals(50, b.tip().height().value());
    }
  }
}
