package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ten nodes in one /16 (a LAN, a Compose or Kubernetes network) with the caps on, as {@code elo
 * node} runs without {@code --exempt-local-peers}: each keeps a single regular outbound peer in
 * the /16. With the bootstrap node alone they form a star around it in which some nodes have one
 * peer (measured over 30 seeds: always); the static links scripts/deploy-testnet.sh gives (every
 * node to the first one and to the one before it) give every node at least two peers and keep
 * the rest one network while any one node is down.
 */
class OneSlash16DeploymentTest {
  private static final int NODES = 10;

  @Test
  void tenNodesInOneSlash16_withHubAndRingLinks_formOneNetwork_evenWithoutAnyOneNode()
      throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(14);
    InetAddress first = sim.newHost();
    List<PeerAddress> addresses = new ArrayList<>();
    List<PeerNetwork> networks = new ArrayList<>();
    List<PeerManager> managers = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      InetAddress host = i == 0 ? first : sim.newHostNear(first);
      addresses.add(new PeerAddress(host, TestNodes.PORT));
      PeerNetworkBuilder builder = TestNodes.builder(sim, host);
      if (i > 0) {
        builder.staticPeer(addresses.get(0));
      }
      if (i > 1) {
        builder.staticPeer(addresses.get(i - 1));
      }
      PeerNetwork network = builder.build();
      PeerManager manager =
          PeerManager.builder(network).bootstrap(addresses.get(0)).build();
      network.start();
      manager.start();
      networks.add(network);
      managers.add(manager);
    }
    sim.scheduler().runFor(Duration.ofMinutes(2));
    assertEquals(NODES, reachable(networks, 0, -1), "not one network");
    for (PeerNetwork network : networks) {
      assertTrue(network.peers().size() >= 2, "a node with one peer: " + network.peers());
    }
    for (PeerManager manager : managers) {
      assertTrue(manager.outboundPeers() <= 1, "one regular outbound peer per /16");
    }

    for (int down : List.of(0, 4)) {
      managers.get(down).close();
      networks.get(down).close();
      sim.scheduler().runFor(Duration.ofMinutes(1));
      int from = down == 0 ? 1 : 0;
      assertEquals(NODES - 1, reachable(networks, from, down), "split without node " + down);
      // Back, on a fresh network object at the same address: the rest must take it in again.
      PeerNetworkBuilder builder = TestNodes.builder(sim, addresses.get(down).ip());
      if (down > 0) {
        builder.staticPeer(addresses.get(0)).staticPeer(addresses.get(down - 1));
      }
      networks.set(down, builder.build());
      managers.set(down, PeerManager.builder(networks.get(down)).bootstrap(addresses.get(0))
          .build());
      networks.get(down).start();
      managers.get(down).start();
      sim.scheduler().runFor(Duration.ofMinutes(6));
      assertEquals(NODES, reachable(networks, 0, -1), "not one network after node " + down);
    }
  }

  /** How many nodes {@code from} reaches over connected peers, {@code skip} left out. */
  private static int reachable(List<PeerNetwork> networks, int from, int skip) {
    Set<NodeId> seen = new HashSet<>();
    Deque<Integer> queue = new ArrayDeque<>(List.of(from));
    seen.add(networks.get(from).nodeId());
    while (!queue.isEmpty()) {
      PeerNetwork node = networks.get(queue.poll());
      for (Peer peer : node.peers()) {
        for (int j = 0; j < networks.size(); j++) {
          if (j != skip && networks.get(j).nodeId().equals(peer.nodeId())
              && seen.add(peer.nodeId())) {
            queue.add(j);
          }
        }
      }
    }
    return seen.size();
  }
}
