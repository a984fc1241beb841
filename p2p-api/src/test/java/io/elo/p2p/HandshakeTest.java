package io.elo.p2p;

import static io.elo.p2p.TestNodes.await;
import static io.elo.p2p.TestNodes.failureReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final ProtocolId CHAIN = ProtocolId.of("chain", 1);

  private final SimulatedNetwork sim = SimulatedNetwork.create(1);

  @Test
  void connect_bothSidesSeeVerifiedPeer() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.builder(sim).build();
    b.registerProtocol(CHAIN, (peer, payload) -> {});
    b.start();

    Peer bSeenByA = TestNodes.connect(sim, a, b);

    assertEquals(b.nodeId(), bSeenByA.nodeId());
    assertFalse(bSeenByA.isInbound());
    assertEquals(Set.of(CHAIN), bSeenByA.protocols());
    assertEquals(b.listenAddress(), bSeenByA.listenAddress());
    Peer aSeenByB = b.peer(a.nodeId()).orElseThrow();
    assertTrue(aSeenByB.isInbound());
    assertEquals(a.listenAddress(), aSeenByB.listenAddress());
    assertEquals(1, a.counters().currentOutboundPeers());
    assertEquals(1, b.counters().currentInboundPeers());
  }

  @Test
  void wrongNetworkId_refusedOnBothSidesWithReason() {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(TestNodes.builder(sim).networkId(8));

    CompletableFuture<Peer> future = await(sim, a.connect(b.listenAddress().orElseThrow()));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.WRONG_NETWORK, failureReason(future));
    assertEquals(1, b.counters().disconnects(DisconnectReason.WRONG_NETWORK));
    assertTrue(a.peers().isEmpty() && b.peers().isEmpty());
  }

  @Test
  void wrongGenesis_refused() {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(TestNodes.builder(sim).genesisHash(Hash.ZERO));

    CompletableFuture<Peer> future = await(sim, a.connect(b.listenAddress().orElseThrow()));

    assertEquals(DisconnectReason.WRONG_NETWORK, failureReason(future));
  }

  @Test
  void selfConnection_dropped() {
    PeerNetwork a = TestNodes.start(sim);

    CompletableFuture<Peer> future = await(sim, a.connect(a.listenAddress().orElseThrow()));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.SELF_CONNECTION, failureReason(future));
    assertTrue(a.peers().isEmpty());
    assertEquals(2, a.counters().disconnects(DisconnectReason.SELF_CONNECTION));
  }

  @Test
  void expectedNodeIdMismatch_failsHandshake() {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    PeerNetwork c = TestNodes.start(sim);

    CompletableFuture<Peer> future =
        await(sim, a.connect(b.listenAddress().orElseThrow(), c.nodeId()));

    assertEquals(DisconnectReason.HANDSHAKE_FAILED, failureReason(future));
  }

  @Test
  void duplicateConnections_bothSidesKeepTheSameOne() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);

    // Both dial at the same virtual instant.
    CompletableFuture<Peer> ab = a.connect(b.listenAddress().orElseThrow());
    CompletableFuture<Peer> ba = b.connect(a.listenAddress().orElseThrow());
    sim.scheduler().runFor(Duration.ofSeconds(5));

    assertTrue(ab.isDone() && ba.isDone());
    assertEquals(1, a.peers().size());
    assertEquals(1, b.peers().size());
    Peer aView = a.peers().get(0);
    Peer bView = b.peers().get(0);
    assertTrue(aView.isConnected() && bView.isConnected());
    // The kept connection is the one dialled by the smaller node id, on both sides.
    boolean aDialled = a.nodeId().compareTo(b.nodeId()) < 0;
    assertEquals(!aDialled, aView.isInbound());
    assertEquals(aDialled, bView.isInbound());
    long duplicates =
        a.counters().disconnects(DisconnectReason.DUPLICATE)
            + b.counters().disconnects(DisconnectReason.DUPLICATE);
    assertTrue(duplicates >= 1);
  }

  @Test
  void duplicateDialFromSameSide_keepsTheFirst() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    Peer first = TestNodes.connect(sim, a, b);

    CompletableFuture<Peer> second = await(sim, a.connect(b.listenAddress().orElseThrow()));

    assertEquals(DisconnectReason.DUPLICATE, failureReason(second));
    assertTrue(first.isConnected());
    assertEquals(List.of(first), a.peers());
  }

  @Test
  void listener_seesConnectAndFailure() throws Exception {
    List<String> events = new ArrayList<>();
    PeerNetwork a =
        TestNodes.start(
            TestNodes.builder(sim)
                .listener(
                    new PeerNetworkListener() {
                      @Override
                      public void onPeerConnected(Peer peer) {
                        events.add("connected");
                      }

                      @Override
                      public void onPeerDisconnected(
                          Peer peer, DisconnectReason reason, boolean byRemote) {
                        events.add("disconnected " + reason + " " + byRemote);
                      }

                      @Override
                      public void onConnectionFailed(
                          PeerAddress address, boolean outbound, DisconnectReason reason) {
                        events.add("failed " + reason);
                      }
                    }));
    PeerNetwork b = TestNodes.start(sim);
    PeerNetwork wrong = TestNodes.start(TestNodes.builder(sim).networkId(99));

    TestNodes.connect(sim, a, b);
    b.peer(a.nodeId()).orElseThrow().disconnect(DisconnectReason.REQUESTED);
    await(sim, a.connect(wrong.listenAddress().orElseThrow()));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(
        List.of("connected", "disconnected REQUESTED true", "failed WRONG_NETWORK"), events);
  }

  @Test
  void unreachableAddress_failsWithConnectionLost() {
    PeerNetwork a = TestNodes.start(sim);
    PeerAddress nobody = new PeerAddress(sim.newHost(), 1);

    CompletableFuture<Peer> future = await(sim, a.connect(nobody));

    assertEquals(DisconnectReason.CONNECTION_LOST, failureReason(future));
  }

  @Test
  void close_disconnectsPeersWithShutdown() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    Peer peer = TestNodes.connect(sim, a, b);

    b.close();
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertFalse(peer.isConnected());
    assertEquals(1, a.counters().disconnects(DisconnectReason.SHUTDOWN));
    assertEquals(Optional.empty(), a.peer(b.nodeId()));
  }
}
