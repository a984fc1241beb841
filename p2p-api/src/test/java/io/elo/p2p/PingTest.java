package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.internal.proto.Envelope;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingTest {
  private final SimulatedNetwork sim = SimulatedNetwork.create(4);

  @Test
  void ping_measuresRoundTripTime() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    sim.setLink(
        a.listenAddress().orElseThrow().ip(),
        b.listenAddress().orElseThrow().ip(),
        LinkProfile.ofLatency(Duration.ofMillis(40)));
    Peer peer = TestNodes.connect(sim, a, b);
    assertEquals(Optional.empty(), peer.rtt());

    sim.scheduler().runFor(PeerNetworkBuilder.DEFAULT_PING_INTERVAL.plusSeconds(1));

    assertEquals(Optional.of(Duration.ofMillis(80)), peer.rtt());
    assertEquals(Optional.of(Duration.ofMillis(80)), peer.minRtt());
    assertEquals(1, a.counters().traffic("ping").messagesOut());
    assertEquals(1, a.counters().traffic("pong").messagesIn());
  }

  @Test
  void rtt_isSmoothedAndMinimumKept() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    var ipA = a.listenAddress().orElseThrow().ip();
    var ipB = b.listenAddress().orElseThrow().ip();
    sim.setLink(ipA, ipB, LinkProfile.ofLatency(Duration.ofMillis(10)));
    Peer peer = TestNodes.connect(sim, a, b);
    sim.scheduler().runFor(Duration.ofSeconds(31));
    sim.setLink(ipA, ipB, LinkProfile.ofLatency(Duration.ofMillis(90)));

    sim.scheduler().runFor(Duration.ofSeconds(30));

    // EWMA with weight 1/8: 20 ms + (180 - 20) / 8 = 40 ms.
    assertEquals(Optional.of(Duration.ofMillis(40)), peer.rtt());
    assertEquals(Optional.of(Duration.ofMillis(20)), peer.minRtt());
  }

  @Test
  void unansweredPings_disconnectWithTimeout() {
    PeerNetwork node =
        TestNodes.start(
            TestNodes.builder(sim)
                .pingInterval(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofHours(1)));
    RawPeer raw = new RawPeer(sim).dial(node).completeHandshake();
    assertEquals(1, node.peers().size());

    // The raw peer keeps talking (so it is not idle) but never answers a ping.
    for (int i = 0; i < 4; i++) {
      raw.send(Envelope.newBuilder().setPingReply(io.elo.p2p.internal.proto.Pong.newBuilder().setNonce(i)).build());
      sim.scheduler().runFor(Duration.ofSeconds(10));
    }

    assertEquals(Optional.of(DisconnectReason.TIMEOUT), raw.disconnectMessage());
    assertEquals(3, raw.count(Envelope.KindCase.PING));
    assertTrue(node.peers().isEmpty());
  }

  @Test
  void silentPeer_disconnectedAsIdle() {
    PeerNetwork node =
        TestNodes.start(
            TestNodes.builder(sim)
                .pingInterval(Duration.ofSeconds(10))
                .maxMissedPongs(100)
                .idleTimeout(Duration.ofSeconds(25)));
    RawPeer raw = new RawPeer(sim).dial(node).completeHandshake();

    sim.scheduler().runFor(Duration.ofSeconds(20));
    assertFalse(raw.disconnectMessage().isPresent());
    sim.scheduler().runFor(Duration.ofSeconds(15));

    assertEquals(Optional.of(DisconnectReason.IDLE), raw.disconnectMessage());
    assertEquals(1, node.counters().disconnects(DisconnectReason.IDLE));
  }

  @Test
  void connectedPeers_stayConnectedForHours() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    Peer peer = TestNodes.connect(sim, a, b);

    sim.scheduler().runFor(Duration.ofHours(3));

    assertTrue(peer.isConnected());
    assertEquals(0, a.counters().rateLimitedMessages());
  }
}
