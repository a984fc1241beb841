package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.validation.TestChainBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NodeProductionTest {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  @Test
  void sealingNode_producesBlocks_andStopsWhenTold() {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(1);
    try (SimulatedNodes net = SimulatedNodes.create(21, poa.params(), poa.clockStart())) {
      Address reward = TestChainBuilder.minerAddress();
      Node sealer = net.add(net.builder().sealing(poa.authority(0).privateKey(), reward));
      Node follower = net.add();
      net.connect(follower, sealer);
      assertTrue(sealer.isProducingBlocks());
      assertTrue(
          net.runUntil(() -> follower.tip().height().value() >= 5, Duration.ofMinutes(2)),
          "sealed blocks reach the follower: " + follower.syncStatus());
      assertTrue(sealer.blocksProduced() >= 5);
      List<BlockArrival> arrivals = sealer.recentBlocks();
      assertTrue(arrivals.stream().allMatch(a -> a.source() == BlockArrival.Source.LOCAL));
      assertTrue(
          follower.recentBlocks().stream().allMatch(a -> a.source() == BlockArrival.Source.PEER));

      sealer.stopBlockProduction();
      assertFalse(sealer.isProducingBlocks());
      net.runFor(Duration.ofSeconds(2));
      int height = sealer.tip().height().value();
      net.runFor(Duration.ofMinutes(1));
      assertEquals(height, sealer.tip().height().value(), "no blocks after stop");
      sealer.startBlockProduction();
      assertTrue(
          net.runUntil(() -> sealer.tip().height().value() > height, Duration.ofMinutes(1)));
    }
  }

  @Test
  void producerNode_startedWithProductionOff_waitsForStart() {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(1);
    try (SimulatedNodes net = SimulatedNodes.create(22, poa.params(), poa.clockStart())) {
      Node sealer =
          net.add(
              net.builder()
                  .sealing(poa.authority(0).privateKey(), TestChainBuilder.minerAddress())
                  .produceBlocks(false));
      net.runFor(Duration.ofMinutes(1));
      assertEquals(0, sealer.tip().height().value());
      assertFalse(sealer.isProducingBlocks());
    }
  }

  @Test
  void blockArrivals_andMeters_recordSourcesAnnouncementsAndTraffic() {
    try (SimulatedNodes net = SimulatedNodes.create(23, chain.params(), chain.clockStart())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      List<BlockArrival> heard = new ArrayList<>();
      Node a =
          net.add(
              net.builder()
                  .meterRegistry(registry)
                  .listener(
                      new NodeListener() {
                        @Override
                        public void blockArrived(BlockArrival arrival) {
                          heard.add(arrival);
                        }
                      }));
      Node b = net.add();
      net.connect(a, b);
      net.runFor(Duration.ofSeconds(2));
      List<Block> blocks = chain.extend(chain.genesis(), 3);
      for (Block block : blocks) {
        net.submit(b, block);
        assertTrue(net.runUntil(() -> a.tip().hash().equals(block.hash()), Duration.ofSeconds(30)));
      }
      assertEquals(a.recentBlocks(), heard);
      assertEquals(3, heard.size());
      for (int i = 0; i < 3; i++) {
        BlockArrival arrival = heard.get(i);
        assertEquals(blocks.get(i).hash(), arrival.hash());
        assertEquals(i + 1, arrival.height().value());
        assertEquals(BlockArrival.Source.PEER, arrival.source());
        assertTrue(arrival.firstAnnounced().isPresent(), "announced by header first");
        assertFalse(arrival.firstAnnounced().get().isAfter(arrival.arrival()));
      }
      assertTrue(
          b.recentBlocks().stream().allMatch(x -> x.source() == BlockArrival.Source.LOCAL));

      assertEquals(3.0, registry.get("elo.chain.height").gauge().value());
      assertEquals(100.0, registry.get("elo.sync.progress").gauge().value());
      assertEquals(0.0, registry.get("elo.mempool.bytes").gauge().value());
      assertEquals(3, registry.get("elo.block.propagation.delay").timer().count());
      assertEquals(3, registry.get("elo.block.announcement.delay").timer().count());
      assertEquals(
          3.0, registry.get("elo.blocks.connected").tag("source", "peer").counter().count());
      double chainIn =
          registry
              .get("elo.p2p.messages")
              .tags("protocol", "elo-chain/1", "direction", "in")
              .functionCounter()
              .count();
      double chainBytesOut =
          registry
              .get("elo.p2p.bytes")
              .tags("protocol", "elo-chain/1", "direction", "out")
              .functionCounter()
              .count();
      assertTrue(chainIn >= 6, "status, headers and blocks received: " + chainIn);
      assertTrue(chainBytesOut > 0);
      assertTrue(
          registry
                  .get("elo.p2p.messages")
                  .tags("protocol", "p2p", "kind", "hello", "direction", "in")
                  .functionCounter()
                  .count()
              >= 1);
      assertEquals(0.0, registry.get("elo.p2p.bans").functionCounter().count());
      assertEquals(
          1.0,
          registry
              .get("elo.chain.messages")
              .tags("kind", "status", "direction", "in")
              .functionCounter()
              .count(),
          "one status per peer");
      double blocksIn =
          a.messageStats().stream()
              .filter(m -> m.kind().equals("block") || m.kind().equals("compact_block"))
              .mapToLong(m -> m.messagesIn())
              .sum();
      assertTrue(blocksIn >= 3, "blocks or compact blocks received: " + blocksIn);
      a.close();
      assertTrue(registry.getMeters().isEmpty(), "meters removed on close");
    }
  }
}
