package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerConnectException;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.TestNodes;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Encrypted peer networks over TCP: an allowlisted consortium, and forged frames punished. */
@Timeout(60)
class TcpPermissionedNetworkTest {
  private static final ProtocolId ECHO = ProtocolId.of("echo", 1);

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final SecureRandom random = new SecureRandom();
  private final List<PeerNetwork> nodes = new ArrayList<>();

  @AfterEach
  void tearDown() {
    nodes.forEach(PeerNetwork::close);
    scheduler.shutdownNow();
  }

  private PeerNetwork node(NodeIdentity identity, Optional<Set<NodeId>> allowlist)
      throws IOException {
    var builder =
        PeerNetwork.builder()
            .transport(
                TcpTransport.builder()
                    .security(ChannelSecurity.encrypted(identity, random))
                    .build())
            .identity(identity)
            .networkId(TestNodes.NETWORK_ID)
            .genesisHash(TestNodes.GENESIS)
            .clock(InstantSource.system())
            .scheduler(scheduler)
            .random(random)
            // Loopback is exempt from IP bans by default; ban by node id only here.
            .ipBanExempt(ip -> true)
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            .pingInterval(Duration.ofSeconds(5));
    allowlist.ifPresent(builder::allowlist);
    PeerNetwork network = builder.build();
    network.registerProtocol(ECHO, (peer, payload) -> {});
    network.start();
    nodes.add(network);
    return network;
  }

  private static DisconnectReason refusal(CompletableFuture<Peer> attempt) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> attempt.get(20, TimeUnit.SECONDS));
    return assertInstanceOf(PeerConnectException.class, e.getCause()).reason();
  }

  private static PeerAddress address(PeerNetwork node) {
    return node.listenAddress().orElseThrow();
  }

  @Test
  void allowlistedThreeNodeNetwork_acceptsItsMembers_andRefusesAFourthNode() throws Exception {
    NodeIdentity a = NodeIdentity.generate(random);
    NodeIdentity b = NodeIdentity.generate(random);
    NodeIdentity c = NodeIdentity.generate(random);
    Optional<Set<NodeId>> members = Optional.of(Set.of(a.nodeId(), b.nodeId(), c.nodeId()));
    PeerNetwork nodeA = node(a, members);
    PeerNetwork nodeB = node(b, members);
    PeerNetwork nodeC = node(c, members);
    PeerNetwork outsider = node(NodeIdentity.generate(random), Optional.empty());

    assertEquals(b.nodeId(), nodeA.connect(address(nodeB)).get(20, TimeUnit.SECONDS).nodeId());
    assertEquals(c.nodeId(), nodeB.connect(address(nodeC)).get(20, TimeUnit.SECONDS).nodeId());
    assertEquals(a.nodeId(), nodeC.connect(address(nodeA)).get(20, TimeUnit.SECONDS).nodeId());

    // Inbound from the outsider: refused after its handshake, and it is told why.
    assertEquals(DisconnectReason.NOT_ALLOWED, refusal(outsider.connect(address(nodeA))));
    // Outbound to the outsider: refused just the same.
    assertEquals(DisconnectReason.NOT_ALLOWED, refusal(nodeB.connect(address(outsider))));

    assertTrue(nodeA.isAllowed(c.nodeId()));
    assertFalse(nodeA.isAllowed(outsider.nodeId()));
    assertTrue(outsider.isAllowed(a.nodeId()));
    for (PeerNetwork member : List.of(nodeA, nodeB, nodeC)) {
      assertEquals(2, member.peers().size(), member + " peers " + member.peers());
      assertTrue(member.peer(outsider.nodeId()).isEmpty());
    }
  }

  @Test
  void forgedFrameFromAConnectedPeer_closesWithAuthenticationFailed_andBansIt() throws Exception {
    PeerNetwork alice = node(NodeIdentity.generate(random), Optional.empty());
    PeerNetwork bob = node(NodeIdentity.generate(random), Optional.empty());
    try (FlippingProxy proxy = new FlippingProxy(address(bob))) {
      Peer bobAtAlice = alice.connect(proxy.address(), bob.nodeId()).get(20, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (bob.peer(alice.nodeId()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(bob.peer(alice.nodeId()).isPresent());

      proxy.arm();
      bobAtAlice.send(ECHO, new byte[] {1, 2, 3});

      while (!bob.isBanned(alice.nodeId()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(bob.isBanned(alice.nodeId()), "a forged frame counts as serious misbehaviour");
      assertTrue(bob.peer(alice.nodeId()).isEmpty());
      assertEquals(1, bob.counters().disconnects(DisconnectReason.AUTHENTICATION_FAILED));
    }
  }
}
