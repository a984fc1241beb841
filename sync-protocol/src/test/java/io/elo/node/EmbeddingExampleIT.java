package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.model.Address;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SimulatedNetwork;
import io.elo.validation.StoreException;
import io.elo.validation.TestChainBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of docs/node.md, compiled and run (with real threads and clock). In the
 * docs the transport factory is {@code security -> TcpTransport.builder().security(security)
 * .build()}; p2p-tcp is not a dependency of this module, so the run uses a simulated transport.
 */
@Timeout(120)
class EmbeddingExampleIT {
  @TempDir Path dir;

  // ---- docs/node.md, "Embedding a mining node" (keep in step) ----
  static Node startMiningNode(
      Path dataDir, TransportFactory transport, PeerAddress listen, List<PeerAddress> seeds,
      Address reward, MeterRegistry registry) throws IOException, StoreException {
    Node node =
        Node.builder()
            .params(ChainParams.regtest())
            .dataDirectory(dataDir) // blocks, UTXO set, mempool, peers.dat, node.key, LOCK
            .transport(transport) // encrypted with the node key unless .plaintext()
            .listenAddress(listen)
            .bootstrap(seeds)
            .mining(reward, 1) // proof of work; sealing(key, reward) for proof of authority
            .meterRegistry(registry)
            .build();
    node.start(); // peers, sync and mining start here
    return node;
  }
  // ---- end of the example ----

  @Test
  void example_minesOnItsDataDirectory_andRestartsWhereItStopped() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(51);
    InetAddress host = sim.newHost();
    PeerAddress listen = new PeerAddress(host, 19444);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Node node =
        startMiningNode(
            dir, security -> sim.newTransport(host), listen, List.of(),
            TestChainBuilder.minerAddress(), registry);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (node.tip().height().value() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    node.stopBlockProduction();
    assertTrue(node.tip().height().value() >= 5, "mined: " + node.tip());
    assertTrue(registry.get("elo.blocks.produced").functionCounter().count() >= 5);
    node.close();

    Node again =
        Node.builder()
            .params(ChainParams.regtest())
            .dataDirectory(dir)
            .transport(security -> sim.newTransport(host))
            .build();
    assertEquals(node.tip(), again.tip());
    assertEquals(node.nodeId(), again.nodeId());
    again.close();
  }
}
