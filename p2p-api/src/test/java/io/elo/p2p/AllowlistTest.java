package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allowlist predicate: admission on SimulatedNetwork, and discovery records. */
class AllowlistTest {
  @Test
  void discovery_treatsRecordsOfNodesOutsideTheAllowlistAsInvalid() {
    SimulatedNetwork sim = SimulatedNetwork.create(1);
    NodeIdentity self = sim.newIdentity();
    NodeIdentity member = sim.newIdentity();
    NodeIdentity outsider = sim.newIdentity();
    Discovery discovery =
        new Discovery(
            self,
            sim.newTransport(sim.newHost()),
            NetGroups.standard(),
            sim.scheduler(),
            sim.scheduler(),
            new Random(1),
            List.of(),
            Set.of(self.nodeId(), member.nodeId())::contains,
            (record, source) -> {});
    PeerAddress address = new PeerAddress(sim.newHost(), 7000);

    assertTrue(discovery.isValid(NodeRecord.create(member, address, 1)));
    assertFalse(discovery.isValid(NodeRecord.create(outsider, address, 1)));
  }

  @Test
  void simulatedConsortium_acceptsMembers_andRefusesAFourthNodeBothWays() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(2);
    NodeIdentity a = sim.newIdentity();
    NodeIdentity b = sim.newIdentity();
    NodeIdentity c = sim.newIdentity();
    Set<NodeId> members = Set.of(a.nodeId(), b.nodeId(), c.nodeId());
    PeerNetwork nodeA = TestNodes.start(TestNodes.builder(sim).identity(a).allowlist(members));
    PeerNetwork nodeB = TestNodes.start(TestNodes.builder(sim).identity(b).allowlist(members));
    PeerNetwork nodeC = TestNodes.start(TestNodes.builder(sim).identity(c).allowlist(members));
    PeerNetwork outsider = TestNodes.start(sim);

    TestNodes.connect(sim, nodeA, nodeB);
    TestNodes.connect(sim, nodeB, nodeC);
    TestNodes.connect(sim, nodeC, nodeA);
    assertEquals(
        DisconnectReason.NOT_ALLOWED,
        TestNodes.failureReason(
            TestNodes.await(sim, outsider.connect(nodeA.listenAddress().orElseThrow()))));
    assertEquals(
        DisconnectReason.NOT_ALLOWED,
        TestNodes.failureReason(
            TestNodes.await(sim, nodeA.connect(outsider.listenAddress().orElseThrow()))));
    for (PeerNetwork member : List.of(nodeA, nodeB, nodeC)) {
      assertEquals(2, member.peers().size());
    }
    assertEquals(0, outsider.peers().size());
    assertTrue(nodeA.isAllowed(b.nodeId()));
    assertFalse(nodeA.isAllowed(outsider.nodeId()));
    assertTrue(nodeA.counters().disconnects(DisconnectReason.NOT_ALLOWED) >= 2);
  }
}
