package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {
  private static final ProtocolId GOSSIP = ProtocolId.of("gossip", 1);

  /** Frames received by one side, with their virtual arrival times. */
  private static final class Sink implements FrameHandler {
    final SimulatedScheduler clock;
    final List<byte[]> frames = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    DisconnectReason closed;
    boolean byRemote;

    Sink(SimulatedScheduler clock) {
      this.clock = clock;
    }

    @Override
    public void onFrame(byte[] frame) {
      frames.add(frame);
      times.add(clock.instant());
    }

    @Override
    public void onClose(DisconnectReason reason, boolean remote) {
      closed = reason;
      byRemote = remote;
    }
  }

  private record Pair(Connection dialer, Connection acceptor, Sink dialerSink, Sink acceptorSink) {}

  private static Pair pair(SimulatedNetwork sim, InetAddress a, InetAddress b) throws Exception {
    List<Connection> accepted = new ArrayList<>();
    sim.newTransport(b).listen(new PeerAddress(b, 1), accepted::add);
    CompletableFuture<Connection> dial =
        sim.newTransport(a).dial(new PeerAddress(b, 1), Duration.ofSeconds(30));
    sim.scheduler().runUntil(dial::isDone, Duration.ofSeconds(30));
    Sink dialerSink = new Sink(sim.scheduler());
    Sink acceptorSink = new Sink(sim.scheduler());
    dial.get().setHandler(dialerSink);
    accepted.get(0).setHandler(acceptorSink);
    return new Pair(dial.get(), accepted.get(0), dialerSink, acceptorSink);
  }

  @Test
  void frames_arriveInOrderAfterLatency() throws Exception {
    SimulatedNetwork sim =
        SimulatedNetwork.create(1, SimulatedNetwork.DEFAULT_START, LinkProfile.ofLatency(Duration.ofMillis(30)));
    Pair p = pair(sim, sim.newHost(), sim.newHost());
    Instant sent = sim.scheduler().instant();

    for (int i = 0; i < 5; i++) {
      p.dialer().send(new byte[] {(byte) i});
    }
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(5, p.acceptorSink().frames.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(i, p.acceptorSink().frames.get(i)[0]);
      assertEquals(sent.plusMillis(30), p.acceptorSink().times.get(i));
    }
  }

  @Test
  void lossAndJitter_delayButNeverDropOrReorder() throws Exception {
    SimulatedNetwork sim =
        SimulatedNetwork.create(
            2,
            SimulatedNetwork.DEFAULT_START,
            LinkProfile.ofLatency(Duration.ofMillis(20)).withJitter(Duration.ofMillis(15)).withLoss(0.3));
    Pair p = pair(sim, sim.newHost(), sim.newHost());

    for (int i = 0; i < 200; i++) {
      p.dialer().send(new byte[] {(byte) i});
    }
    sim.scheduler().runFor(Duration.ofSeconds(60));

    assertEquals(200, p.acceptorSink().frames.size());
    for (int i = 0; i < 200; i++) {
      assertEquals((byte) i, p.acceptorSink().frames.get(i)[0]);
    }
    Instant last = p.acceptorSink().times.get(199);
    assertTrue(last.isAfter(SimulatedNetwork.DEFAULT_START.plusMillis(235)), "losses add delay");
  }

  @Test
  void bandwidth_spacesFrames() throws Exception {
    SimulatedNetwork sim =
        SimulatedNetwork.create(
            3, SimulatedNetwork.DEFAULT_START, LinkProfile.PERFECT.withBandwidth(1000));
    Pair p = pair(sim, sim.newHost(), sim.newHost());
    Instant start = sim.scheduler().instant();

    p.dialer().send(new byte[500]);
    p.dialer().send(new byte[500]);
    sim.scheduler().runFor(Duration.ofSeconds(5));

    assertEquals(start.plusMillis(500), p.acceptorSink().times.get(0));
    assertEquals(start.plusMillis(1000), p.acceptorSink().times.get(1));
  }

  @Test
  void partition_holdsFramesUntilHeal() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(4);
    InetAddress a = sim.newHost();
    InetAddress b = sim.newHost();
    Pair p = pair(sim, a, b);

    sim.partition(Set.of(a));
    assertFalse(sim.canReach(a, b));
    p.dialer().send(new byte[] {1});
    p.dialer().send(new byte[] {2});
    sim.scheduler().runFor(Duration.ofMinutes(5));
    assertTrue(p.acceptorSink().frames.isEmpty());
    CompletableFuture<Connection> blocked =
        sim.newTransport(a).dial(new PeerAddress(b, 1), Duration.ofSeconds(5));
    sim.scheduler().runFor(Duration.ofSeconds(6));
    assertTrue(blocked.isCompletedExceptionally());

    sim.heal();
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(2, p.acceptorSink().frames.size());
    assertEquals(2, p.acceptorSink().frames.get(1)[0]);
  }

  @Test
  void crash_remoteSeesConnectionLostAndRestartAllowsNewTransport() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(5);
    InetAddress a = sim.newHost();
    InetAddress b = sim.newHost();
    Pair p = pair(sim, a, b);

    sim.crash(b);
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.CONNECTION_LOST, p.dialerSink().closed);
    assertTrue(p.dialerSink().byRemote);
    assertNull(p.acceptorSink().closed);
    assertFalse(p.acceptor().send(new byte[] {1}));
    sim.restart(b);
    Pair again = pair(sim, a, b);
    assertTrue(again.dialer().isOpen());
  }

  @Test
  void close_flushesQueuedFramesThenEndsStream() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(6);
    Pair p = pair(sim, sim.newHost(), sim.newHost());

    p.dialer().send(new byte[] {9});
    p.dialer().close(DisconnectReason.REQUESTED);
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.REQUESTED, p.dialerSink().closed);
    assertFalse(p.dialerSink().byRemote);
    assertEquals(1, p.acceptorSink().frames.size());
    assertEquals(DisconnectReason.CONNECTION_LOST, p.acceptorSink().closed);
    assertFalse(p.dialer().send(new byte[] {1}));
  }

  @Test
  void fullSendQueue_closesConnection() throws Exception {
    SimulatedNetwork sim = SimulatedNetwork.create(7);
    sim.setSendQueueLimit(1000);
    Pair p = pair(sim, sim.newHost(), sim.newHost());

    assertTrue(p.dialer().send(new byte[600]));
    assertFalse(p.dialer().send(new byte[600]));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.SEND_QUEUE_FULL, p.dialerSink().closed);
  }

  @Test
  void hosts_spreadOverDistinctSlash16s() {
    SimulatedNetwork sim = SimulatedNetwork.create(8);
    Set<String> nets = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      byte[] ip = sim.newHost().getAddress();
      nets.add((ip[0] & 0xff) + "." + (ip[1] & 0xff));
      assertFalse(ip[0] == 10 || ip[0] == 127);
    }
    assertEquals(500, nets.size());
    InetAddress host = sim.newHost();
    byte[] near = sim.newHostNear(host).getAddress();
    assertEquals(host.getAddress()[1], near[1]);
  }

  /** 120 nodes, each dialling 4 random others, gossiping once; returns the trace digest. */
  private static Hash hundredNodeRun(long seed) throws Exception {
    SimulatedNetwork sim =
        SimulatedNetwork.create(
            seed,
            SimulatedNetwork.DEFAULT_START,
            LinkProfile.ofLatency(Duration.ofMillis(40)).withJitter(Duration.ofMillis(30)).withLoss(0.01));
    List<PeerNetwork> nodes = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      PeerNetwork node = TestNodes.builder(sim).build();
      node.registerProtocol(GOSSIP, (peer, payload) -> {});
      node.start();
      nodes.add(node);
    }
    java.util.Random pick = sim.newRandom();
    for (PeerNetwork node : nodes) {
      for (int k = 0; k < 4; k++) {
        PeerNetwork other = nodes.get(pick.nextInt(nodes.size()));
        node.connect(other.listenAddress().orElseThrow());
      }
    }
    sim.scheduler().runFor(Duration.ofSeconds(20));
    for (PeerNetwork node : nodes) {
      for (Peer peer : node.peers()) {
        peer.send(GOSSIP, node.nodeId().toBytes());
      }
    }
    sim.scheduler().runFor(Duration.ofMinutes(2));
    int connected = nodes.stream().mapToInt(n -> n.peers().size()).sum();
    assertTrue(connected > 500, "most dials succeed: " + connected);
    return sim.traceDigest();
  }

  @Test
  void sameSeed_sameTrace_otherSeed_otherTrace() throws Exception {
    Hash first = hundredNodeRun(42);
    Hash second = hundredNodeRun(42);
    Hash other = hundredNodeRun(43);

    assertEquals(first, second);
    assertNotEquals(first, other);
  }
}
