package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerManagerTest {
  @Test
  void staticPeer_reconnectsWithExponentialBackoffAndJitter() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(21);
    PeerAddress absent = new PeerAddress(sim.newHost(), TestNodes.PORT); // nobody listens there
    List<Instant> failures = new ArrayList<>();
    PeerNetwork network =
        TestNodes.builder(sim)
            .staticPeer(absent)
            .listener(
                new PeerNetworkListener() {
                  @Override
                  public void onConnectionFailed(
                      PeerAddress address, boolean outbound, DisconnectReason reason) {
                    if (address.equals(absent)) {
                      failures.add(sim.scheduler().instant());
                    }
                  }
                })
            .build();
    PeerManager manager = PeerManager.builder(network).discovery(false).peerExchange(false).build();
    network.start();
    manager.start();
    sim.scheduler().runFor(Duration.ofMinutes(30));

    assertTrue(failures.size() >= 12, "attempts: " + failures.size());
    Set<Long> ratios = new HashSet<>();
    for (int k = 1; k < failures.size(); k++) {
      long gap = Duration.between(failures.get(k - 1), failures.get(k)).toMillis();
      long delay =
          Math.min(Backoff.INITIAL.toMillis() << Math.min(k - 1, 30), Backoff.MAX.toMillis());
      // The loop ticks every 500 ms and a refused dial takes a round trip (100 ms).
      assertTrue(gap >= delay / 2 && gap <= delay + 700, "gap " + k + ": " + gap + " for " + delay);
      ratios.add(gap * 100 / delay);
    }
    assertTrue(ratios.size() > 3, "jittered: " + ratios);
    manager.close();
    network.close();
  }

  @Test
  void discoveryConnections_doNotTakePeerSlots() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(22);
    PeerNetwork full = TestNodes.builder(sim).build();
    PeerManager fullManager =
        PeerManager.builder(full).maxInboundPeers(0).outboundTarget(0).build();
    full.start();
    fullManager.start();
    PeerAddress fullAddress = full.listenAddress().orElseThrow();
    PeerNetwork other = TestNodes.builder(sim).build();
    PeerManager otherManager =
        PeerManager.builder(other).bootstrap(fullAddress).outboundTarget(0).build();
    other.start();
    otherManager.start();
    sim.scheduler().runFor(Duration.ofSeconds(30));

    assertEquals(
        List.of(full.nodeId()),
        otherManager.routingTable().stream().map(DiscoveredNode::nodeId).toList(),
        "discovery reached the node whose peer slots are all taken");
    assertEquals(
        List.of(other.nodeId()),
        fullManager.routingTable().stream().map(DiscoveredNode::nodeId).toList());
    assertTrue(full.peers().isEmpty());
    assertEquals(0, otherManager.outboundPeers());
    assertEquals(
        DisconnectReason.TOO_MANY_PEERS,
        TestNodes.failureReason(TestNodes.await(sim, other.connect(fullAddress))));
    assertTrue(((DefaultPeerManager) fullManager).discovery().orElseThrow().server().served() > 0);
  }

  @Test
  void nodes_fillTheirOutboundTargetFromOneBootstrapNode() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(23);
    List<PeerNetwork> networks = new ArrayList<>();
    List<PeerManager> managers = new ArrayList<>();
    PeerAddress bootstrap = null;
    for (int i = 0; i < 12; i++) {
      PeerNetwork network = TestNodes.builder(sim).build();
      PeerManagerBuilder builder = PeerManager.builder(network).outboundTarget(4);
      if (bootstrap != null) {
        builder.bootstrap(bootstrap);
      }
      PeerManager manager = builder.build();
      network.start();
      manager.start();
      bootstrap = bootstrap == null ? network.listenAddress().orElseThrow() : bootstrap;
      networks.add(network);
      managers.add(manager);
    }
    sim.scheduler().runFor(Duration.ofMinutes(2));
    // The bootstrap node is dialled by everyone, so it has nobody left to dial.
    assertEquals(11, networks.get(0).peers().size());
    for (PeerManager manager : managers.subList(1, managers.size())) {
      assertEquals(4, manager.outboundPeers());
      assertTrue(manager.knownAddresses() >= 4);
    }
    // A dead outbound peer is replaced.
    PeerNetwork victim = networks.get(5);
    sim.crash(victim.listenAddress().orElseThrow().ip());
    sim.scheduler().runFor(Duration.ofMinutes(3));
    for (int i = 0; i < managers.size(); i++) {
      if (i != 0 && i != 5) {
        assertEquals(4, managers.get(i).outboundPeers(), "node " + i);
        assertTrue(
            networks.get(i).peers().stream().noneMatch(p -> p.nodeId().equals(victim.nodeId())));
      }
    }
  }

  @Test
  void droppingADuplicateConnection_keepsThePeersUsefulMark() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(23);
    PeerNetwork network = TestNodes.builder(sim).build();
    DefaultPeerManager manager =
        (DefaultPeerManager)
            PeerManager.builder(network).discovery(false).peerExchange(false).build();
    StubPeer peer =
        new StubPeer(
            sim.newIdentity().nodeId(),
            new PeerAddress(sim.newHost(), TestNodes.PORT),
            true,
            sim.scheduler().instant(),
            Duration.ofMillis(20));
    manager.markUseful(peer);
    Instant useful = manager.evictionCandidate(peer).lastUseful();
    assertTrue(useful.isAfter(Instant.EPOCH));

    // The surviving twin of a duplicate still serves: the node keeps its protection.
    manager.onPeerDisconnected(peer, DisconnectReason.DUPLICATE, false);
    assertEquals(useful, manager.evictionCandidate(peer).lastUseful());

    manager.onPeerDisconnected(peer, DisconnectReason.TIMEOUT, false);
    assertEquals(Instant.EPOCH, manager.evictionCandidate(peer).lastUseful());
  }
}
