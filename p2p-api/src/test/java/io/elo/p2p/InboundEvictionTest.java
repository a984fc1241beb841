package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InboundEvictionTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private final SimulatedNetwork sim = SimulatedNetwork.create(5);

  private InboundEviction.Candidate candidate(
      int i, String group, long keyed, long pingMillis, Instant useful, Instant connected) {
    StubPeer peer =
        new StubPeer(
            sim.newIdentity().nodeId(),
            new PeerAddress(sim.newHost(), 9000),
            true,
            connected,
            Duration.ofMillis(pingMillis));
    return new InboundEviction.Candidate(
        peer, NetGroup.of(group), keyed, Duration.ofMillis(pingMillis), useful, connected);
  }

  /** 40 plain candidates: same ping, never useful, connected one second apart, 4 groups. */
  private List<InboundEviction.Candidate> crowd() {
    List<InboundEviction.Candidate> crowd = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      crowd.add(candidate(i, "g" + (i % 4), i, 500, Instant.EPOCH, T0.plusSeconds(i)));
    }
    return crowd;
  }

  @Test
  void protectsLowestPing_mostRecentlyUseful_keyedGroups_andLongestConnected() {
    List<InboundEviction.Candidate> all = crowd();
    InboundEviction.Candidate fast =
        candidate(100, "g0", -1, 5, Instant.EPOCH, T0.plusSeconds(500));
    InboundEviction.Candidate useful =
        candidate(101, "g0", -2, 900, T0.plusSeconds(900), T0.plusSeconds(501));
    InboundEviction.Candidate keyed =
        candidate(102, "g0", Long.MAX_VALUE, 900, Instant.EPOCH, T0.plusSeconds(502));
    InboundEviction.Candidate oldest =
        candidate(103, "g0", -3, 900, Instant.EPOCH, T0.minusSeconds(1));
    all.addAll(List.of(fast, useful, keyed, oldest));
    List<InboundEviction.Candidate> left = new ArrayList<>(all);
    // Evict repeatedly: the protected ones are never chosen while unprotected peers remain.
    for (int round = 0; round < 10; round++) {
      InboundEviction.Candidate victim = InboundEviction.select(left).orElseThrow();
      assertFalse(Set.of(fast, useful, keyed, oldest).contains(victim), "round " + round);
      left.remove(victim);
    }
  }

  @Test
  void evictsTheYoungestOfTheLargestNetGroup() {
    List<InboundEviction.Candidate> all = crowd();
    for (int i = 0; i < 8; i++) {
      all.add(candidate(200 + i, "crowded", 0, 500, Instant.EPOCH, T0.plusSeconds(1000 + i)));
    }
    InboundEviction.Candidate victim = InboundEviction.select(all).orElseThrow();
    assertEquals("crowded", victim.netGroup().name());
    assertEquals(T0.plusSeconds(1007), victim.connectedAt());
  }

  @Test
  void evictsNobodyWhenEveryoneIsProtected() {
    List<InboundEviction.Candidate> few = crowd().subList(0, 8);
    assertEquals(Optional.empty(), InboundEviction.select(few));
  }

  @Test
  void peerLimits_capInboundPerIpAndNetGroup_andEvictWhenFull() throws Exception {
    PeerLimits limits = new PeerLimits(NetGroups.standard(), 20, 8, 2, 3, new byte[32]);
    InetAddress host = sim.newHost();
    List<Peer> active = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      active.add(
          new StubPeer(
              sim.newIdentity().nodeId(), new PeerAddress(host, 40000 + i), true, T0, null));
    }
    StubPeer sameIp =
        new StubPeer(sim.newIdentity().nodeId(), new PeerAddress(host, 40009), true, T0, null);
    assertEquals(
        Optional.of(DisconnectReason.TOO_MANY_PEERS), limits.admit(sameIp, active).refusal());
    StubPeer sameGroup =
        new StubPeer(
            sim.newIdentity().nodeId(), new PeerAddress(sim.newHostNear(host), 1), true, T0, null);
    assertTrue(limits.admit(sameGroup, active).refusal().isEmpty());
    active.add(sameGroup);
    StubPeer fourthInGroup =
        new StubPeer(
            sim.newIdentity().nodeId(), new PeerAddress(sim.newHostNear(host), 1), true, T0, null);
    assertEquals(
        Optional.of(DisconnectReason.TOO_MANY_PEERS),
        limits.admit(fourthInGroup, active).refusal());

    List<Peer> full = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      full.add(
          new StubPeer(
              sim.newIdentity().nodeId(),
              new PeerAddress(sim.newHost(), 1),
              true,
              T0.plusSeconds(i),
              Duration.ofMillis(100 + i)));
    }
    StubPeer newcomer =
        new StubPeer(sim.newIdentity().nodeId(), new PeerAddress(sim.newHost(), 1), true, T0, null);
    NetworkHooks.Decision admission = limits.admit(newcomer, full);
    assertTrue(admission.refusal().isEmpty());
    assertTrue(full.contains(admission.evict().orElseThrow()));
    Set<Peer> fastest =
        full.stream().limit(InboundEviction.PROTECT_BY_PING).collect(Collectors.toSet());
    assertFalse(fastest.contains(admission.evict().get()));
  }
}
