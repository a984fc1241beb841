package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.node.SimulatedNodes;
import io.elo.node.TxFixtures;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.validation.TestChainBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transaction relay against a censoring and a flooding peer. */
@Timeout(60)
class TxRelayMisbehaviourIT {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  private record Setup(
      SimulatedNodes net, List<Node> honest, ScriptedPeer attacker, List<String> gone) {}

  /** Honest nodes A, B, C (A–B, B–C, A–C), the chain at height 15, and a scripted peer A dials. */
  private Setup setup(long seed, List<Block> prefix) {
    SimulatedNodes net = SimulatedNodes.create(seed, chain.params(), chain.clockStart());
    List<String> gone = new CopyOnWriteArrayList<>();
    Node a =
        net.add(
            net.builder()
                .listener(
                    new NodeListener() {
                      @Override
                      public void peerDisconnected(Peer peer, DisconnectReason reason) {
                        gone.add(reason.name());
                      }
                    }));
    Node b = net.add();
    Node c = net.add();
    List<Node> honest = List.of(a, b, c);
    net.connectAll(honest);
    prefix.forEach(block -> net.submit(b, block));
    assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(honest), Duration.ofSeconds(30)));
    List<Block> attackerChain = List.of(chain.genesis());
    ScriptedPeer attacker =
        ScriptedPeer.start(
            net.network(), chain.params(), attackerChain, ScriptedPeer.Blocks.HONEST);
    net.await(a.connect(attacker.network().listenAddress().orElseThrow()));
    net.runFor(Duration.ofSeconds(1));
    return new Setup(net, honest, attacker, gone);
  }

  @Test
  void censoringFirstAnnouncer_isAskedOnce_andTheTransactionArrivesFromAnHonestPeerAfterTimeout() {
    List<Block> prefix = chain.extend(chain.genesis(), 15);
    Setup s = setup(81, prefix);
    try (SimulatedNodes net = s.net()) {
      Node a = s.honest().get(0);
      Node b = s.honest().get(1);
      Transaction tx = TxFixtures.spendCoinbase(chain, prefix.get(0), 1);
      s.attacker().sendRaw(TestMessages.invTx(List.of(tx.wtxid())));
      net.runFor(Duration.ofMillis(300));
      assertEquals(1, s.attacker().txRequests(), "the first announcer is asked first");

      Instant submitted = net.scheduler().instant();
      TxFixtures.submit(b, tx);
      assertTrue(
          net.runUntil(
              () -> a.mempool().transactionByWtxid(tx.wtxid()).isPresent(),
              Duration.ofSeconds(10)),
          "delivered by an honest announcer");
      Duration took = Duration.between(submitted, net.scheduler().instant());
      Duration timeout = SyncConfig.defaults().txRequestTimeout();
      assertTrue(took.compareTo(timeout.minusMillis(500)) >= 0, "only after the timeout: " + took);
      assertTrue(took.compareTo(timeout.plusSeconds(2)) <= 0, "soon after the timeout: " + took);
      net.runFor(Duration.ofSeconds(10));
      assertEquals(1, s.attacker().txRequests(), "never asked twice");
      assertTrue(s.gone().isEmpty(), "a timeout is not punished");
    }
  }

  @Test
  void transactionFlood_isThrottledThenDisconnected_whileHonestTransactionsAreMined() {
    List<Block> prefix = chain.extend(chain.genesis(), 15);
    Setup s = setup(82, prefix);
    try (SimulatedNodes net = s.net()) {
      Node a = s.honest().get(0);
      Node b = s.honest().get(1);
      long[] counter = {0};
      ScheduledFuture<?> flood =
          net.scheduler()
              .scheduleAtFixedRate(
                  () -> {
                    List<Hash> fake = new ArrayList<>();
                    for (int i = 0; i < TestMessages.MAX_TX_INVENTORY; i++) {
                      fake.add(Hash.sha256(ByteBuffer.allocate(8).putLong(counter[0]++).array()));
                    }
                    s.attacker().sendRaw(TestMessages.invTx(fake)); // 50,000 wtxids a second
                  },
                  0,
                  20,
                  TimeUnit.MILLISECONDS);
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Transaction tx = TxFixtures.spendCoinbase(chain, prefix.get(i), 2);
        txs.add(tx);
        TxFixtures.submit(b, tx);
        net.runFor(Duration.ofMillis(100));
      }
      assertTrue(
          net.runUntil(() -> s.gone().contains("MISBEHAVIOUR"), Duration.ofSeconds(10)),
          "the flooding peer is disconnected");
      flood.cancel(false);
      assertTrue(a.relayStatus().floodDropped() > 0, "throttled before the disconnect");
      assertTrue(
          s.attacker().txRequests() <= SyncConfig.defaults().txRequestWindowFloor(),
          "at most the floor window went to the flooder (it never answers, so it never grows)");
      assertFalse(a.network().isBanned(s.attacker().network().nodeId()), "a flood is not a ban");
      assertTrue(
          net.runUntil(
              () -> s.honest().stream().allMatch(n -> n.mempoolSize() == txs.size()),
              Duration.ofSeconds(10)),
          "honest transactions kept flowing");

      Block block = TxFixtures.mineTemplate(chain, prefix.get(14), a);
      assertEquals(txs.size() + 1, block.transactions().size());
      net.submit(a, block);
      assertTrue(
          net.runUntil(
              () ->
                  s.honest().stream()
                      .allMatch(n -> n.tip().hash().equals(block.hash()) && n.mempoolSize() == 0),
              Duration.ofSeconds(20)),
          "and mined everywhere");
    }
  }

  /** {@code chains} chains of {@code length} transactions, each from a coinbase of {@code prefix}. */
  private List<Transaction> chains(List<Block> prefix, int first, int chains, int length) {
    List<Transaction> txs = new ArrayList<>();
    for (int c = 0; c < chains; c++) {
      Transaction tx = TxFixtures.spendCoinbase(chain, prefix.get(first + c), 3);
      txs.add(tx);
      for (int k = 1; k < length; k++) {
        tx = TxFixtures.child(chain, tx, 3);
        txs.add(tx);
      }
    }
    return txs;
  }

  @Test
  void lateAnswersToTimedOutRequests_areNotAFlood_butUnrequestedTransactionsStillAre() {
    List<Block> prefix = chain.extend(chain.genesis(), 15);
    Setup s = setup(83, prefix);
    try (SimulatedNodes net = s.net()) {
      Node a = s.honest().get(0);
      Node b = s.honest().get(1);
      // 30 transactions: far over the unrequested burst (16, then one a second; 10 penalties
      // disconnect). A busy peer announces them and answers only after A's requests timed out
      // and B delivered them.
      List<Transaction> slow = chains(prefix, 0, 3, 10);
      s.attacker().sendRaw(TestMessages.invTx(slow.stream().map(Transaction::wtxid).toList()));
      net.runFor(Duration.ofMillis(300));
      assertEquals(slow.size(), s.attacker().txRequests(), "the first announcer is asked");
      slow.forEach(tx -> TxFixtures.submit(b, tx));
      assertTrue(
          net.runUntil(() -> a.mempoolSize() == slow.size(), Duration.ofSeconds(20)),
          "delivered by B after the timeout");
      for (Transaction tx : slow) {
        s.attacker().sendRaw(TestMessages.tx(tx));
      }
      net.runFor(Duration.ofSeconds(5));
      assertTrue(s.gone().isEmpty(), "late answers are not punished: " + s.gone());
      assertEquals(1 + 2, a.network().peers().size(), "the slow peer is still connected");

      // The same number of transactions nobody asked for: the flood rule still holds.
      for (Transaction tx : chains(prefix, 3, 3, 10)) {
        s.attacker().sendRaw(TestMessages.tx(tx));
      }
      assertTrue(
          net.runUntil(() -> s.gone().contains("MISBEHAVIOUR"), Duration.ofSeconds(5)),
          "an unrequested flood still disconnects: " + s.gone());
    }
  }
}
