package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.sync.TxRelayStatus;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transactions relayed across a six-node network: everywhere, once per node, then mined. */
@Timeout(60)
class TxRelayIT {
  @Test
  void transactions_reachEveryNode_crossingEachLinkAtMostOncePerDirection_andAreMined() {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(71, chain.params(), chain.clockStart())) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        nodes.add(net.add());
      }
      for (int i = 0; i < 6; i++) {
        net.connect(nodes.get(i), nodes.get((i + 1) % 6)); // a ring
      }
      net.connect(nodes.get(0), nodes.get(3)); // and a chord: several paths
      List<Block> prefix = chain.extend(chain.genesis(), 15);
      prefix.forEach(b -> net.submit(nodes.get(0), b));
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(nodes), Duration.ofSeconds(30)));

      List<Transaction> all = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        Transaction parent = TxFixtures.spendCoinbase(chain, prefix.get(i - 1), 1);
        Transaction child = TxFixtures.child(chain, parent, 1);
        Node origin = nodes.get(i <= 3 ? 0 : 3);
        TxFixtures.submit(origin, parent);
        TxFixtures.submit(origin, child);
        all.add(parent);
        all.add(child);
      }
      assertTrue(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.mempoolSize() == all.size()),
              Duration.ofSeconds(20)),
          "every transaction reaches every node");
      net.runFor(Duration.ofSeconds(5)); // late duplicates would show now

      long received = 0;
      for (Node node : nodes) {
        TxRelayStatus status = node.relayStatus();
        assertEquals(0, status.duplicateTransactions(), "no transaction arrives twice");
        assertEquals(0, status.trackedTransactions());
        received += status.transactionsReceived();
      }
      // Each node received each transaction it did not originate exactly once: so no transaction
      // crossed any link twice in one direction.
      assertEquals((long) all.size() * (nodes.size() - 1), received);

      Block block = TxFixtures.mineTemplate(chain, prefix.get(14), nodes.get(2));
      assertEquals(all.size() + 1, block.transactions().size());
      net.submit(nodes.get(2), block);
      assertTrue(
          net.runUntil(
              () ->
                  nodes.stream()
                      .allMatch(n -> n.tip().hash().equals(block.hash()) && n.mempoolSize() == 0),
              Duration.ofSeconds(20)),
          "mined everywhere, mempools empty");
    }
  }
}
