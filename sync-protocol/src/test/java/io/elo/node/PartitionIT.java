package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.validation.TestChainBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Six nodes split 3/3, both halves produce blocks (and take transactions), and after the heal all
 * agree again.
 */
@Timeout(60)
class PartitionIT {
  @Test
  void partitionedHalves_produceBlocks_andConvergeWithin30sOfTheHeal() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(41, chain.params(), chain.clockStart())) {
      List<Node> nodes = List.of(net.add(), net.add(), net.add(), net.add(), net.add(), net.add());
      net.connectAll(nodes);
      List<Block> prefix = chain.extend(chain.genesis(), 10);
      prefix.forEach(block -> net.submit(nodes.get(0), block));
      assertTrue(
          net.runUntil(() -> SimulatedNodes.sameTip(nodes), Duration.ofSeconds(30)),
          "common prefix everywhere");

      List<Node> left = nodes.subList(0, 3);
      List<Node> right = nodes.subList(3, 6);
      Set<InetAddress> leftHosts = new HashSet<>();
      left.forEach(n -> leftHosts.add(n.listenAddress().orElseThrow().ip()));
      net.network().partition(leftHosts);

      Block leftTip = prefix.get(9);
      Block rightTip = prefix.get(9);
      for (int i = 0; i < 5; i++) {
        if (i < 3) {
          leftTip = chain.on(leftTip).build();
          net.submit(left.get(i % 3), leftTip);
        }
        rightTip = chain.on(rightTip).build();
        net.submit(right.get(i % 3), rightTip);
        net.runFor(Duration.ofSeconds(5));
      }
      Hash leftHash = leftTip.hash();
      Hash rightHash = rightTip.hash();
      assertTrue(left.stream().allMatch(n -> n.tip().hash().equals(leftHash)), "left agrees");
      assertTrue(right.stream().allMatch(n -> n.tip().hash().equals(rightHash)), "right agrees");

      net.network().heal();
      assertTrue(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.tip().hash().equals(rightHash)),
              Duration.ofSeconds(30)),
          "one tip everywhere within 30 s of the heal");
      Hash digest = nodes.get(0).chainState().utxoDigest();
      for (Node node : nodes) {
        assertEquals(15, node.tip().height().value());
        assertEquals(digest, node.chainState().utxoDigest());
      }
    }
  }

  @Test
  void partitionedHalves_takeTransactions_andLosingSideTransactionsAreMinedAfterTheHeal()
      throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (SimulatedNodes net = SimulatedNodes.create(42, chain.params(), chain.clockStart())) {
      List<Node> nodes = List.of(net.add(), net.add(), net.add(), net.add(), net.add(), net.add());
      net.connectAll(nodes);
      List<Block> prefix = chain.extend(chain.genesis(), 15);
      prefix.forEach(block -> net.submit(nodes.get(0), block));
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(nodes), Duration.ofSeconds(30)));

      List<Node> left = nodes.subList(0, 3);
      List<Node> right = nodes.subList(3, 6);
      Set<InetAddress> leftHosts = new HashSet<>();
      left.forEach(n -> leftHosts.add(n.listenAddress().orElseThrow().ip()));
      net.network().partition(leftHosts);

      // Each half takes its own (non-conflicting) transactions and mines them.
      List<Transaction> leftTxs = new ArrayList<>();
      List<Transaction> rightTxs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        leftTxs.add(TxFixtures.spendCoinbase(chain, prefix.get(i), 1));
        rightTxs.add(TxFixtures.spendCoinbase(chain, prefix.get(i + 3), 2));
        TxFixtures.submit(left.get(i), leftTxs.get(i));
        TxFixtures.submit(right.get(i), rightTxs.get(i));
      }
      assertTrue(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.mempoolSize() == 3), Duration.ofSeconds(10)),
          "each half relays its transactions");
      Block leftTip = TxFixtures.mineTemplate(chain, prefix.get(14), left.get(0));
      Block rightTip = TxFixtures.mineTemplate(chain, prefix.get(14), right.get(0));
      assertEquals(4, leftTip.transactions().size());
      assertEquals(4, rightTip.transactions().size());
      net.submit(left.get(0), leftTip);
      net.submit(right.get(0), rightTip);
      for (int i = 0; i < 2; i++) {
        rightTip = chain.on(rightTip).build(); // the right half has more work
        net.submit(right.get(i + 1), rightTip);
      }
      net.runFor(Duration.ofSeconds(5));
      Hash rightHash = rightTip.hash();
      assertTrue(nodes.stream().allMatch(n -> n.mempoolSize() == 0), "both halves mined theirs");
      assertTrue(right.stream().allMatch(n -> n.tip().hash().equals(rightHash)), "right agrees");

      net.network().heal();
      assertTrue(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.tip().hash().equals(rightHash)),
              Duration.ofSeconds(30)),
          "one tip everywhere within 30 s of the heal");
      Hash digest = nodes.get(0).chainState().utxoDigest();
      for (Node node : nodes) {
        assertEquals(digest, node.chainState().utxoDigest());
      }
      assertTrue(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.mempoolSize() == leftTxs.size()),
              Duration.ofSeconds(20)),
          "the losing side's transactions are back in every mempool");
      for (Transaction tx : leftTxs) {
        assertTrue(right.get(0).mempool().contains(tx.txid()));
      }

      Block mined = TxFixtures.mineTemplate(chain, rightTip, right.get(1));
      assertEquals(leftTxs.size() + 1, mined.transactions().size());
      net.submit(right.get(1), mined);
      assertTrue(
          net.runUntil(
              () ->
                  nodes.stream()
                      .allMatch(n -> n.tip().hash().equals(mined.hash()) && n.mempoolSize() == 0),
              Duration.ofSeconds(20)),
          "and mined");
      Hash after = nodes.get(0).chainState().utxoDigest();
      for (Node node : nodes) {
        assertEquals(after, node.chainState().utxoDigest());
      }
    }
  }
}
