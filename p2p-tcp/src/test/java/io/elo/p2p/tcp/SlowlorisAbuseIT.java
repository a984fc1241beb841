package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NetGroups;
import io.elo.p2p.NetworkCounters;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.RateLimit;
import io.elo.p2p.TestNodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slowloris against a {@link PeerNetwork} over encrypted TCP, many connections at once: sockets
 * that never start or never finish the secure handshake, secure sessions that never say hello,
 * and peers that complete the handshake and go silent. Each is dropped at its configured timeout
 * (not before, and within a second after, on this loaded 2-core machine), every bound (pending
 * secure handshakes, pending peer handshakes, inbound slots) refuses the connection past it at
 * once, honest nodes connect before, during (outbound) and after the attack, and an honest inbound
 * peer stays connected throughout. Timeouts are shortened to 1 s so the test takes seconds.
 */
class SlowlorisAbuseIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration PING_INTERVAL = Duration.ofMillis(200);
  private static final long TOLERANCE_EARLY_MS = 50;
  private static final long TOLERANCE_LATE_MS = 1_000;
  private static final int PENDING_SECURE = 40;
  private static final int PENDING_PEERS = 8;
  private static final int INBOUND = 6;

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final ExecutorService watchers = Executors.newCachedThreadPool();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @Test
  @Timeout(90)
  void stalledConnections_areDroppedAtTheirTimeouts_boundsHold_honestNodesConnect()
      throws Exception {
    try (Victim victim =
        Victim.start(
            // All from 127.0.0.1, exempt: this test is about the total bounds (the per-address
            // and per-group shares are HandshakeFairnessIT's).
            t -> t.handshakeTimeout(TIMEOUT).maxPendingHandshakes(PENDING_SECURE)
                .netGroups(NetGroups.exemptingLocal()),
            n ->
                n.handshakeTimeout(TIMEOUT)
                    .netGroups(NetGroups.exemptingLocal())
                    .maxPendingHandshakes(PENDING_PEERS)
                    .maxInboundPeers(INBOUND)
                    .idleTimeout(TIMEOUT)
                    .pingInterval(PING_INTERVAL)
                    // So a silent peer is dropped as idle, not for missed pongs.
                    .maxMissedPongs(50))) {
      PeerAddress target = victim.address();

      // 1. Peers that complete the handshake, then never send another byte.
      List<WirePeer> idle = new ArrayList<>();
      for (int i = 0; i < INBOUND - 1; i++) {
        idle.add(keep(WirePeer.connected(target, WirePeer.Keys.fresh())));
      }
      // An honest node takes the last inbound slot.
      PeerNetwork honestInbound = honestNode();
      Peer victimAtHonest = honestInbound.connect(target).get(10, TimeUnit.SECONDS);
      // The slots hold: one more is refused after its hello.
      try (WirePeer extra = WirePeer.secure(target)) {
        extra.sendFrame(extra.hello(extra.exchangeChallenges(), 0));
        assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS),
            extra.awaitEnd(Duration.ofSeconds(5)).disconnectMessage());
      }

      // 2. Secure sessions that never send their challenge, up to the pending-peer bound.
      List<Future<Long>> silentSessions = new ArrayList<>();
      for (int i = 0; i < PENDING_PEERS; i++) {
        WirePeer peer = keep(WirePeer.secure(target));
        long start = System.nanoTime();
        silentSessions.add(watchers.submit(() -> {
          WirePeer.End end = peer.awaitEnd(Duration.ofSeconds(10));
          assertEquals(Optional.of(DisconnectReason.TIMEOUT), end.disconnectMessage());
          return (System.nanoTime() - start) / 1_000_000;
        }));
      }
      // The bound holds: the next secure session is refused at once.
      try (WirePeer extra = WirePeer.secure(target)) {
        WirePeer.End end = extra.awaitEnd(Duration.ofSeconds(5));
        assertEquals(Optional.of(DisconnectReason.TOO_MANY_PEERS), end.disconnectMessage());
        assertTrue(end.elapsedMillis() < 500, "refused in " + end.elapsedMillis() + " ms");
      }
      // Outbound connections are another budget: the victim still reaches an honest node.
      PeerNetwork honestOutbound = honestNode();
      Peer outbound =
          victim.network.connect(honestOutbound.listenAddress().orElseThrow())
              .get(10, TimeUnit.SECONDS);

      // 3. Raw sockets that never finish the secure handshake, filling its pending bound: most
      // send nothing, some start a Noise message and stop.
      List<Future<Long>> rawDrops = new ArrayList<>();
      for (int i = 0; i < PENDING_SECURE; i++) {
        Socket socket = keep(WirePeer.rawSocket(target));
        long start = System.nanoTime();
        if (i % 10 == 0) {
          socket.getOutputStream().write(new byte[] {0, 32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        rawDrops.add(watchers.submit(() -> untilEnd(socket, start)));
      }
      // The bound holds: further sockets are closed on accept.
      Thread.sleep(100);
      for (int i = 0; i < 3; i++) {
        Socket socket = keep(WirePeer.rawSocket(target));
        long millis = untilEnd(socket, System.nanoTime());
        assertTrue(millis < 500, "closed on accept, not after " + millis + " ms");
      }
      assertEquals(3L, victim.transport.inboundDrops().get(DisconnectReason.TOO_MANY_PEERS));

      // Every stalled connection is dropped at its timeout.
      long worstLate = 0;
      for (Future<Long> drop : rawDrops) {
        worstLate = Math.max(worstLate, checkDropTime("raw socket", drop.get(10, TimeUnit.SECONDS),
            TIMEOUT.toMillis(), 0));
      }
      for (Future<Long> drop : silentSessions) {
        worstLate = Math.max(worstLate, checkDropTime("silent session",
            drop.get(10, TimeUnit.SECONDS), TIMEOUT.toMillis(), 0));
      }
      for (WirePeer peer : idle) {
        Victim.Ended ended = victim.awaitEnded(peer.socket, 10_000);
        assertEquals(DisconnectReason.IDLE, ended.reason());
        long silentFor = (ended.atNanos() - victim.connectedAt(peer.socket)) / 1_000_000;
        // Checked on every ping tick: between the idle timeout and one interval later.
        worstLate = Math.max(worstLate, checkDropTime("idle peer", silentFor,
            TIMEOUT.toMillis(), PING_INTERVAL.toMillis()));
      }
      // Exact at once: the handshaker counts a drop before it closes the socket.
      assertEquals(Map.of(DisconnectReason.TIMEOUT, (long) PENDING_SECURE,
          DisconnectReason.TOO_MANY_PEERS, 3L), victim.transport.inboundDrops());
      NetworkCounters counters = victim.network.counters();
      assertEquals(PENDING_PEERS, counters.disconnects(DisconnectReason.TIMEOUT));
      assertEquals(INBOUND - 1, counters.disconnects(DisconnectReason.IDLE));
      assertEquals(2, counters.disconnects(DisconnectReason.TOO_MANY_PEERS));

      // The honest peers stayed; a new honest node connects now that the attack has timed out.
      assertTrue(victimAtHonest.isConnected() && outbound.isConnected(), "honest peers stayed");
      PeerNetwork latecomer = honestNode();
      latecomer.connect(target).get(10, TimeUnit.SECONDS);
      MalformedTrafficAbuseIT.assertEventually(
          () -> victim.network.counters().currentInboundPeers() == 2
              && victim.network.counters().currentOutboundPeers() == 1,
          () -> "peers " + victim.network.peers());
      System.out.printf(
          "SlowlorisAbuseIT: %d raw sockets, %d silent secure sessions, %d idle peers dropped at"
              + " the %d ms timeouts, latest %d ms after its deadline%n",
          PENDING_SECURE, PENDING_PEERS, INBOUND - 1, TIMEOUT.toMillis(), worstLate);
    } finally {
      for (AutoCloseable resource : resources) {
        resource.close();
      }
      watchers.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  /**
   * Asserts {@code millis} is within the tolerance of {@code timeout} (plus {@code window}, the
   * period of the check that enforces it); returns the lateness past timeout and window.
   */
  private static long checkDropTime(String what, long millis, long timeout, long window) {
    assertTrue(millis >= timeout - TOLERANCE_EARLY_MS,
        what + " dropped after " + millis + " ms, before the " + timeout + " ms timeout");
    assertTrue(millis <= timeout + window + TOLERANCE_LATE_MS,
        what + " dropped after " + millis + " ms, long past the " + timeout + " ms timeout");
    return Math.max(0, millis - timeout - window);
  }

  /** Milliseconds from {@code startNanos} until the victim ends the socket's stream. */
  private static long untilEnd(Socket socket, long startNanos) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // The victim sends nothing to a socket that never finished its first message.
      }
    } catch (SocketTimeoutException e) {
      return Long.MAX_VALUE;
    } catch (IOException e) {
      // reset: dropped all the same
    }
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private PeerNetwork honestNode() throws IOException {
    SecureRandom random = new SecureRandom();
    NodeIdentity identity = NodeIdentity.generate(random);
    PeerNetwork node =
        PeerNetwork.builder()
            .transport(
                TcpTransport.builder().security(ChannelSecurity.encrypted(identity, random))
                    .build())
            .identity(identity)
            .networkId(TestNodes.NETWORK_ID)
            .genesisHash(TestNodes.GENESIS)
            .clock(InstantSource.system())
            .scheduler(scheduler)
            .random(random)
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            // The victim pings every 200 ms: accept that (the default allows 1 per second).
            .pingRateLimit(RateLimit.of(20, 20))
            .build();
    node.start();
    return keep(node);
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }
}
