package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: block timestamps against clocks. A block stamped beyond the future drift
 * is refused without penalty and fetched again once the receiver's clock reaches it, although
 * nothing else happens on the chain meanwhile; nodes whose clocks are skewed within the drift stay
 * in consensus.
 */
@Timeout(60)
class TimestampScenarioIT {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  private static NodeListener recordingDrops(List<String> drops) {
    return new NodeListener() {
      @Override
      public void peerDisconnected(Peer peer, DisconnectReason reason) {
        drops.add(reason.name());
      }
    };
  }

  @Test
  void blockBeyondTheDrift_isRefused_thenFetchedAgainWhenItsTimeComes() {
    Duration drift = chain.params().maxFutureDrift();
    try (SimulatedNodes net = SimulatedNodes.create(911, chain.params(), chain.clockStart())) {
      List<String> drops = new CopyOnWriteArrayList<>();
      // A miner whose clock runs a minute past the drift: it accepts and announces its block.
      InstantSource fast = InstantSource.offset(net.scheduler(), drift.plusSeconds(60));
      Node miner = net.add(net.builder().clock(fast).listener(recordingDrops(drops)));
      Node a = net.add(net.builder().listener(recordingDrops(drops)));
      Node b = net.add(net.builder().listener(recordingDrops(drops)));
      net.connect(a, miner);
      net.connect(b, a);
      List<Block> prefix = chain.extend(chain.genesis(), 10);
      prefix.forEach(block -> net.submit(a, block));
      List<Node> all = List.of(miner, a, b);
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(all), Duration.ofSeconds(20)));

      Instant sent = net.scheduler().instant();
      long stamp = sent.plus(drift).getEpochSecond() + 40; // 40 s beyond the honest drift
      Block future = chain.on(prefix.get(9)).timestamp(stamp).build();
      assertTrue(net.submit(miner, future) instanceof BlockSubmitResult.Connected);
      net.runFor(Duration.ofSeconds(20));
      assertEquals(prefix.get(9).hash(), a.tip().hash(), "refused while beyond the drift");
      assertEquals(prefix.get(9).hash(), b.tip().hash());
      assertTrue(a.chainState().status(future.hash()).isEmpty(), "not stored, not invalid");

      // Acceptable once a's clock reaches stamp - drift: 40 s after the miner sent it.
      Instant due = Instant.ofEpochSecond(stamp).minus(drift);
      assertTrue(
          net.runUntil(() -> a.tip().hash().equals(future.hash()), Duration.ofSeconds(40)),
          "fetched again when its time came: " + a.syncStatus());
      Instant accepted = net.scheduler().instant();
      assertFalse(accepted.isBefore(due), "not before its time: " + accepted + " < " + due);
      assertTrue(
          Duration.between(due, accepted).compareTo(Duration.ofSeconds(2)) <= 0,
          "within a timer tick and a round trip of its time: " + Duration.between(due, accepted));
      assertTrue(
          net.runUntil(() -> b.tip().hash().equals(future.hash()), Duration.ofSeconds(5)),
          "and relayed on");
      assertTrue(drops.isEmpty(), "a block from the future is nobody's fault: " + drops);
      assertFalse(a.network().isBanned(miner.nodeId()));
      assertEquals(2, a.peers().size(), "a keeps the miner and b");
      assertEquals(1, miner.peers().size());
    }
  }

  @Test
  void nodesWithClocksSkewedWithinTheDrift_stayInConsensus() throws Exception {
    long[] skews = {-30, -15, 0, 15, 30};
    try (SimulatedNodes net = SimulatedNodes.create(912, chain.params(), chain.clockStart())) {
      List<String> drops = new CopyOnWriteArrayList<>();
      List<Node> nodes = new ArrayList<>();
      List<InstantSource> clocks = new ArrayList<>();
      for (long skew : skews) {
        InstantSource clock = InstantSource.offset(net.scheduler(), Duration.ofSeconds(skew));
        clocks.add(clock);
        nodes.add(net.add(net.builder().clock(clock).listener(recordingDrops(drops))));
      }
      for (int i = 0; i < nodes.size(); i++) { // a ring plus one chord per node
        net.connect(nodes.get(i), nodes.get((i + 1) % nodes.size()));
        if (i < 2) {
          net.connect(nodes.get(i), nodes.get(i + 2));
        }
      }
      Block tip = chain.genesis();
      for (int i = 0; i < 30; i++) {
        int producer = (i * 3) % nodes.size(); // every clock produces, in a mixed order
        Node node = nodes.get(producer);
        long now = clocks.get(producer).instant().getEpochSecond();
        long stamp = Math.max(now, node.tip().medianTimePast() + 1); // what a miner stamps
        tip = chain.on(tip).timestamp(stamp).build();
        assertTrue(
            net.submit(node, tip) instanceof BlockSubmitResult.Connected, "producer " + producer);
        Hash expected = tip.hash();
        assertTrue(
            net.runUntil(
                () -> nodes.stream().allMatch(n -> n.tip().hash().equals(expected)),
                Duration.ofSeconds(10)),
            "block " + i + " (skew " + skews[producer] + " s) accepted everywhere");
        net.runFor(Duration.ofSeconds(3));
      }
      Hash digest = nodes.get(0).chainState().utxoDigest();
      for (Node node : nodes) {
        assertEquals(30, node.tip().height().value());
        assertEquals(digest, node.chainState().utxoDigest());
      }
      assertTrue(drops.isEmpty(), "no peer dropped: " + drops);
    }
  }
}
