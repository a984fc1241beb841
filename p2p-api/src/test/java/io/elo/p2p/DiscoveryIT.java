package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 nodes on a {@link SimulatedNetwork}, each told of one bootstrap node, find each other by
 * Kademlia discovery and peer exchange and fill their outbound targets.
 */
class DiscoveryIT {
  private static final int NODES = 200;

  private record Result(Hash trace, int atTarget, int minTableHits, int minLookupHits) {}

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void twoHundredNodes_discoverEachOther_andRunDeterministically() throws Exception {
    long start = System.nanoTime();
    Result first = run(42);
    long firstMillis = (System.nanoTime() - start) / 1_000_000;
    Result second = run(42);
    System.out.printf(
        "DiscoveryIT: %d/%d at outbound target, min table hits %d/16, min lookup hits %d/16,"
            + " first run %d ms, both %d ms%n",
        first.atTarget(),
        NODES,
        first.minTableHits(),
        first.minLookupHits(),
        firstMillis,
        (System.nanoTime() - start) / 1_000_000);
    assertTrue(first.atTarget() >= NODES * 95 / 100, "reached target: " + first.atTarget());
    assertTrue(first.minTableHits() >= 14, "table hits: " + first.minTableHits());
    assertTrue(first.minLookupHits() >= 14, "lookup hits: " + first.minLookupHits());
    assertEquals(first, second);
  }

  private Result run(long seed) throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(seed);
    List<PeerNetwork> networks = new ArrayList<>();
    List<PeerManager> managers = new ArrayList<>();
    PeerAddress bootstrap = null;
    for (int i = 0; i < NODES; i++) {
      PeerNetwork network = TestNodes.builder(sim).build();
      PeerManagerBuilder builder = PeerManager.builder(network);
      if (bootstrap != null) {
        builder.bootstrap(bootstrap);
      }
      PeerManager manager = builder.build();
      network.start();
      if (bootstrap == null) {
        bootstrap = network.listenAddress().orElseThrow();
      }
      networks.add(network);
      managers.add(manager);
    }
    for (PeerManager manager : managers) {
      manager.start();
      sim.scheduler().runFor(Duration.ofMillis(100));
    }
    sim.scheduler().runFor(Duration.ofMinutes(3));

    int atTarget = 0;
    for (PeerManager manager : managers) {
      atTarget += manager.outboundPeers() >= manager.outboundTarget() ? 1 : 0;
    }
    List<NodeId> ids = networks.stream().map(PeerNetwork::nodeId).toList();
    int minTableHits = Integer.MAX_VALUE;
    for (int i = 0; i < NODES; i++) {
      NodeId self = ids.get(i);
      Set<NodeId> table = new HashSet<>();
      managers.get(i).routingTable().forEach(n -> table.add(n.nodeId()));
      minTableHits = Math.min(minTableHits, hits(closest(ids, self, self), table));
    }
    Random random = new Random(seed);
    int minLookupHits = Integer.MAX_VALUE;
    for (int i = 0; i < 100; i++) {
      byte[] target = new byte[32];
      random.nextBytes(target);
      NodeId id = NodeId.fromBytes(target);
      PeerManager from = managers.get(random.nextInt(NODES));
      CompletableFuture<List<DiscoveredNode>> lookup = from.lookup(id);
      sim.scheduler().runUntil(lookup::isDone, Duration.ofMinutes(1));
      Set<NodeId> found = new HashSet<>();
      lookup.get().forEach(n -> found.add(n.nodeId()));
      NodeId self = networks.get(managers.indexOf(from)).nodeId();
      minLookupHits = Math.min(minLookupHits, hits(closest(ids, id, self), found));
    }
    managers.forEach(PeerManager::close);
    networks.forEach(PeerNetwork::close);
    return new Result(sim.traceDigest(), atTarget, minTableHits, minLookupHits);
  }

  /** The 16 ids closest to {@code target}, without {@code self}. */
  private static List<NodeId> closest(List<NodeId> ids, NodeId target, NodeId self) {
    return ids.stream()
        .filter(id -> !id.equals(self))
        .sorted(Comparator.comparing(id -> id.distance(target)))
        .limit(16)
        .toList();
  }

  private static int hits(List<NodeId> expected, Set<NodeId> actual) {
    return (int) expected.stream().filter(actual::contains).count();
  }
}
