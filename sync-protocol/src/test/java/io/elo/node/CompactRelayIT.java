package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.mempool.AdmissionResult;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.sync.CompactBlockStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocks full of pool transactions travel as compact blocks and are rebuilt from the mempool. */
@Timeout(60)
class CompactRelayIT {
  private static void inject(List<Node> nodes, List<Transaction> txs) {
    for (Node node : nodes) {
      for (Transaction tx : txs) {
        assertInstanceOf(AdmissionResult.Accepted.class, node.submitTransaction(tx));
      }
    }
  }

  private static CompactBlockStats total(List<Node> nodes) {
    long received = 0;
    long reconstructed = 0;
    long blockTxn = 0;
    long fellBack = 0;
    for (Node node : nodes) {
      CompactBlockStats s = node.compactBlockStats();
      received += s.received();
      reconstructed += s.reconstructed();
      blockTxn += s.neededBlockTxn();
      fellBack += s.fellBack();
    }
    return new CompactBlockStats(received, reconstructed, blockTxn, fellBack);
  }

  @Test
  void blocksOfPoolTransactions_travelAsCompactBlocks_mostlyWithoutARoundTrip() throws Exception {
    FundedChain funded = new FundedChain(200);
    try (SimulatedNodes net =
        SimulatedNodes.create(71, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      Node d = net.add();
      net.connect(a, b);
      net.connect(b, c);
      net.connect(c, d);
      List<Node> all = List.of(a, b, c, d);
      net.submit(a, funded.funding());
      assertTrue(net.runUntil(() -> d.tip().height().value() == 1, Duration.ofSeconds(10)));
      Block tip = funded.funding();
      for (int i = 0; i < 20; i++) {
        List<Transaction> txs = funded.nextTransactions(8);
        inject(all, txs);
        tip = funded.blockOn(tip, txs);
        net.submit(a, tip);
        net.runFor(Duration.ofSeconds(2));
      }
      Block last = tip;
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(all), Duration.ofSeconds(10)));
      assertEquals(last.hash(), d.tip().hash());
      assertEquals(a.chainState().utxoDigest(), d.chainState().utxoDigest());
      for (Node node : all) {
        assertEquals(0, node.mempoolSize(), "every pool transaction was mined");
      }
      CompactBlockStats stats = total(List.of(b, c, d));
      assertTrue(stats.received() >= 60, "every relayed block was compact: " + stats);
      assertTrue(stats.reconstructed() >= 57, "nearly all rebuilt at once: " + stats);
      assertEquals(0, stats.fellBack(), stats.toString());
    }
  }

  @Test
  void transactionsMissingFromThePool_areFetchedWithGetBlockTxn() throws Exception {
    FundedChain funded = new FundedChain(100);
    try (SimulatedNodes net =
        SimulatedNodes.create(72, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node a = net.add();
      Node b = net.add();
      Node c = net.add();
      net.connect(a, b);
      net.connect(b, c);
      List<Node> all = List.of(a, b, c);
      net.submit(a, funded.funding());
      assertTrue(net.runUntil(() -> c.tip().height().value() == 1, Duration.ofSeconds(10)));
      Block tip = funded.funding();
      for (int i = 0; i < 10; i++) {
        List<Transaction> known = funded.nextTransactions(4);
        List<Transaction> unknown = funded.nextTransactions(2); // only the miner has them
        inject(all, known);
        inject(List.of(a), unknown);
        tip =
            funded.blockOn(
                tip,
                List.of(
                    known.get(0),
                    unknown.get(0),
                    known.get(1),
                    known.get(2),
                    unknown.get(1),
                    known.get(3)));
        net.submit(a, tip);
        net.runFor(Duration.ofSeconds(2));
      }
      Block last = tip;
      assertTrue(net.runUntil(() -> c.tip().hash().equals(last.hash()), Duration.ofSeconds(10)));
      CompactBlockStats stats = total(List.of(b, c));
      assertTrue(stats.neededBlockTxn() >= 18, stats.toString());
      assertEquals(0, stats.fellBack(), stats.toString());
      assertEquals(a.chainState().utxoDigest(), c.chainState().utxoDigest());
    }
  }
}
