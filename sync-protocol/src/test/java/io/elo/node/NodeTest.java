package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.mempool.AdmissionResult;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainTip;
import io.elo.validation.TestChainBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NodeTest {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  @Test
  void build_requiresParamsTransportAndIdentity() {
    assertThrows(IllegalStateException.class, () -> Node.builder().build());
  }

  @Test
  void startTwice_fails_andCloseIsIdempotent() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(61, chain.params(), chain.clockStart())) {
      Node node = net.add();
      assertThrows(IllegalStateException.class, node::start);
      node.close();
      node.close();
      CompletableFuture<BlockSubmitResult> late = node.submitBlock(chain.on(chain.genesis()).build());
      assertTrue(late.isCompletedExceptionally(), "no submissions after close");
      assertThrows(IllegalStateException.class, () -> node.connect(node.listenAddress().get()));
    }
  }

  @Test
  void submitTransaction_returnsOnceInTheMempool_andQueriesAnswer() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(62, chain.params(), chain.clockStart())) {
      Node node = net.add();
      List<Block> blocks = chain.extend(chain.genesis(), 12);
      blocks.forEach(b -> net.submit(node, b));
      assertEquals(12, node.tip().height().value());
      assertEquals(blocks.get(4), node.blockAt(Height.of(5)).orElseThrow());
      assertEquals(blocks.get(4), node.block(blocks.get(4).hash()).orElseThrow());

      Transaction tx =
          chain.spendCoinbase(
              blocks.get(0), Address.fromPublicKey(TestChainBuilder.key(1).publicKey()),
              Amount.ofCoins(1));
      AdmissionResult result = node.submitTransaction(tx);
      assertInstanceOf(AdmissionResult.Accepted.class, result);
      assertEquals(1, node.mempoolSize());
      assertTrue(node.mempool().contains(tx.txid()));
    }
  }

  @Test
  void listenersAndGauges_seeChainAndPeerEvents() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(63, chain.params(), chain.clockStart())) {
      AtomicInteger tips = new AtomicInteger();
      AtomicInteger connected = new AtomicInteger();
      AtomicInteger disconnected = new AtomicInteger();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Node a =
          net.add(
              net.builder()
                  .meterRegistry(registry)
                  .listener(
                      new NodeListener() {
                        @Override
                        public void tipChanged(ChainTip tip) {
                          tips.incrementAndGet();
                        }

                        @Override
                        public void peerConnected(Peer peer) {
                          connected.incrementAndGet();
                        }

                        @Override
                        public void peerDisconnected(Peer peer, DisconnectReason reason) {
                          disconnected.incrementAndGet();
                        }
                      }));
      Node b = net.add();
      net.connect(b, a);
      for (Block block : chain.extend(chain.genesis(), 3)) {
        net.submit(b, block);
      }
      boolean ok = net.runUntil(() -> a.tip().height().value() == 3, Duration.ofSeconds(30));
      assertTrue(ok, "a synced from the dialling producer: " + a.syncStatus());
      assertEquals(3, tips.get(), "one tip change per block");
      assertEquals(1, connected.get());
      assertEquals(1, a.peers().size());
      assertEquals(3.0, registry.get("elo.chain.height").gauge().value());
      assertEquals(1.0, registry.get("elo.peers").gauge().value());
      assertTrue(a.syncStatus().isSynced());
      b.close();
      net.runFor(Duration.ofSeconds(5));
      assertEquals(1, disconnected.get());
      a.close();
      assertTrue(registry.find("elo.chain.height").gauges().isEmpty(), "gauges removed on close");
    }
  }
}
