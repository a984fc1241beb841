package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.mempool.AdmissionResult;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SimulatedNetwork;
import io.elo.validation.ChainTip;
import io.elo.validation.TestChainBuilder;
import io.elo.validation.TxLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes on a data directory: restart, a copy taken mid-sync, and the open cost with indexes. */
@Timeout(300)
class DataDirectoryIT {
  private final TestChainBuilder chain = TestChainBuilder.regtest();
  @TempDir Path tmp;

  @Test
  void minedChain_survivesCloseAndReopen_withTipUtxoDigestMempoolAndIndexes() throws Exception {
    Path dir = tmp.resolve("miner");
    try (SimulatedNodes net = SimulatedNodes.create(41, chain.params(), chain.clockStart())) {
      Node node =
          net.add(
              dataNode(net, dir).mining(TestChainBuilder.minerAddress(), 1).txIndex(true)
                  .addressIndex(true));
      assertTrue(NodeMiningIT.drive(net, () -> node.tip().height().value() >= 15));
      node.stopBlockProduction();
      net.runFor(Duration.ofSeconds(5));
      Block first = node.blockAt(Height.of(1)).orElseThrow();
      Address to = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());
      Transaction tx = chain.spendCoinbase(first, to, Amount.ofCoins(1));
      assertInstanceOf(AdmissionResult.Accepted.class, node.submitTransaction(tx));
      ChainTip tip = node.tip();
      Hash digest = node.chainState().utxoDigest();
      List<Hash> history = node.chainState().addressHistory(TestChainBuilder.minerAddress());
      Hash coinbase = first.transactions().get(0).txid();
      node.close();

      Node reopened = net.add(dataNode(net, dir).txIndex(true).addressIndex(true));
      assertEquals(tip, reopened.tip());
      assertEquals(digest, reopened.chainState().utxoDigest());
      assertTrue(reopened.mempool().contains(tx.txid()), "mempool journal reloaded");
      assertEquals(node.nodeId(), reopened.nodeId());
      assertEquals(
          new TxLocation(first.hash(), Height.of(1), 0),
          reopened.chainState().transactionLocation(coinbase).orElseThrow());
      assertEquals(
          history, reopened.chainState().addressHistory(TestChainBuilder.minerAddress()));
      reopened.close();
    }
  }

  @Test
  void copyTakenMidSync_opens_andCatchesUpFromPeers() throws Exception {
    Path original = tmp.resolve("original");
    Path copy = tmp.resolve("copy");
    try (SimulatedNodes net = SimulatedNodes.create(42, chain.params(), chain.clockStart())) {
      Node source = net.add();
      List<Block> blocks = chain.extend(chain.genesis(), 400);
      blocks.forEach(b -> net.submit(source, b));
      Node syncing = net.add(dataNode(net, original));
      net.connect(syncing, source);
      assertTrue(
          net.runUntil(() -> syncing.tip().height().value() >= 150, Duration.ofMinutes(2)));
      int copiedAt = syncing.tip().height().value();
      assertTrue(copiedAt < 400, "still syncing: " + copiedAt);
      copyTree(original, copy); // the node is running: no clean close, files mid-use
      syncing.close();

      Node restored = net.add(dataNode(net, copy));
      assertTrue(restored.tip().height().value() >= 0);
      net.connect(restored, source);
      assertTrue(
          net.runUntil(() -> restored.tip().equals(source.tip()), Duration.ofMinutes(2)),
          "caught up: " + restored.syncStatus());
      assertEquals(source.chainState().utxoDigest(), restored.chainState().utxoDigest());
    }
  }

  /**
   * Measures how long opening a data directory takes (block index from the block files, UTXO set
   * from MapDB, and the tx and address indexes replayed from the best chain). Size from {@code
   * -Dnode.openBlocks} (default 1,000; docs/node.md quotes a 10,000-block run).
   */
  @Test
  void reopen_rebuildsIndexes_andReportsOpenTime() throws Exception {
    int count = Integer.getInteger("node.openBlocks", 1_000);
    Path dir = tmp.resolve("big");
    // Test blocks are 10 s apart: start the clock after the last one, so none is "future".
    Instant start = chain.clockStart().plus(chain.params().targetSpacing().multipliedBy(count));
    try (SimulatedNodes net = SimulatedNodes.create(43, chain.params(), start)) {
      Node node = net.add(dataNode(net, dir));
      List<Block> blocks = chain.extend(chain.genesis(), count);
      long fill = System.nanoTime();
      blocks.forEach(b -> net.submit(node, b));
      fill = System.nanoTime() - fill;
      node.close();

      long plain = timeOpen(net, dir, false);
      long indexed = timeOpen(net, dir, true);
      Node reopened = net.add(dataNode(net, dir).txIndex(true).addressIndex(true));
      assertEquals(count, reopened.tip().height().value());
      Block last = blocks.get(count - 1);
      assertEquals(
          Height.of(count),
          reopened
              .chainState()
              .transactionLocation(last.transactions().get(0).txid())
              .orElseThrow()
              .height());
      assertEquals(
          count, reopened.chainState().addressHistory(TestChainBuilder.minerAddress()).size());
      reopened.close();
      System.out.printf(
          "data directory with %d blocks: filled in %d ms; open %d ms without indexes, %d ms"
              + " with tx and address indexes%n",
          count, fill / 1_000_000, plain / 1_000_000, indexed / 1_000_000);
    }
  }

  private long timeOpen(SimulatedNodes net, Path dir, boolean indexes) throws Exception {
    long start = System.nanoTime();
    Node node = dataNode(net, dir).txIndex(indexes).addressIndex(indexes).build();
    long elapsed = System.nanoTime() - start;
    node.close();
    return elapsed;
  }

  static NodeBuilder dataNode(SimulatedNodes net, Path dir) {
    SimulatedNetwork sim = net.network();
    InetAddress host = sim.newHost();
    return Node.builder()
        .params(ChainParams.regtest())
        .transport(sim.newTransport(host))
        .listenAddress(new PeerAddress(host, SimulatedNodes.PORT))
        .dataDirectory(dir)
        .clock(sim.scheduler())
        .scheduler(sim.scheduler())
        .executor(sim.scheduler())
        .writer(sim.scheduler())
        .random(sim.newRandom())
        .peerManager(pm -> pm.outboundTarget(0).discovery(false).peerExchange(false));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          p -> {
            try {
              Path target = to.resolve(from.relativize(p).toString());
              if (Files.isDirectory(p)) {
                Files.createDirectories(target);
              } else {
                Files.copy(p, target);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
