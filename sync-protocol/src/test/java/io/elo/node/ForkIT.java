package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nodes that produce competing blocks at the same moment converge on the most-work chain. */
@Timeout(60)
class ForkIT {
  private static void submitTogether(SimulatedNodes net, Node a, Block forA, Node b, Block forB) {
    CompletableFuture<?> fa = a.submitBlock(forA);
    CompletableFuture<?> fb = b.submitBlock(forB);
    net.await(CompletableFuture.allOf(fa, fb));
  }

  private static void assertConverged(SimulatedNodes net, List<Node> nodes, Block expected)
      throws Exception {
    assertTrue(
        net.runUntil(
            () -> nodes.stream().allMatch(n -> n.tip().hash().equals(expected.hash())),
            Duration.ofSeconds(30)),
        "converged on " + expected.hash());
    for (Node node : nodes.subList(1, nodes.size())) {
      assertEquals(nodes.get(0).chainState().utxoDigest(), node.chainState().utxoDigest());
    }
  }

  @Test
  void proofOfWork_competingBlocks_convergeOnTheLongerBranch() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(31, chain.params(), chain.clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      List<Node> all = List.of(a, b, c);
      net.connectAll(all);
      List<Block> prefix = chain.extend(chain.genesis(), 5);
      prefix.forEach(block -> net.submit(a, block));
      Block base = prefix.get(4);
      assertConverged(net, all, base);

      Block a1 = chain.on(base).build();
      Block a2 = chain.on(a1).build();
      Block b1 = chain.on(base).build();
      submitTogether(net, a, a1, b, b1);
      net.submit(a, a2); // a's branch now has more work
      assertConverged(net, all, a2);
    }
  }

  @Test
  void proofOfWork_equalWorkTie_isResolvedByTheNextBlock() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(32, chain.params(), chain.clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      List<Node> all = List.of(a, b, c);
      net.connectAll(all);
      Block base = chain.on(chain.genesis()).build();
      net.submit(a, base);
      assertConverged(net, all, base);

      Block a1 = chain.on(base).build();
      Block b1 = chain.on(base).build();
      submitTogether(net, a, a1, b, b1);
      net.runFor(Duration.ofSeconds(5));
      // Each keeps the block it saw first; the next block on either side decides.
      Block onTipOfC = chain.on(c.block(c.tip().hash()).orElseThrow()).build();
      net.submit(c, onTipOfC);
      assertConverged(net, all, onTipOfC);
    }
  }

  @Test
  void proofOfAuthority_inTurnBlockOutweighsOutOfTurn() throws Exception {
    TestChainBuilder chain = TestChainBuilder.proofOfAuthority(3);
    try (SimulatedNodes net = SimulatedNodes.create(33, chain.params(), chain.clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      List<Node> all = List.of(a, b, c);
      net.connectAll(all);
      List<Block> prefix = chain.extend(chain.genesis(), 4);
      prefix.forEach(block -> net.submit(a, block));
      Block base = prefix.get(3); // height 4
      assertConverged(net, all, base);

      int height = 5;
      Block inTurn = chain.on(base).signer(height % 3).build(); // weight 2
      Block outOfTurn = chain.on(base).signer((height + 1) % 3).build(); // weight 1
      submitTogether(net, b, outOfTurn, a, inTurn);
      assertConverged(net, all, inTurn);
      assertEquals(5, c.tip().height().value());
    }
  }
}
