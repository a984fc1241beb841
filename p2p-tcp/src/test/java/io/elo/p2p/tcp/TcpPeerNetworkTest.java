package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.DisconnectReason;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.TestNodes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two DefaultPeerNetworks over TcpTransport: handshake, pings and protocol messages. */
class TcpPeerNetworkTest {
  private static final ProtocolId ECHO = ProtocolId.of("echo", 1);

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
  }

  private PeerNetwork node() {
    NodeIdentity identity = NodeIdentity.generate(random);
    return PeerNetwork.builder()
        .transport(
            TcpTransport.builder().security(ChannelSecurity.encrypted(identity, random)).build())
        .identity(identity)
        .networkId(TestNodes.NETWORK_ID)
        .genesisHash(TestNodes.GENESIS)
        .clock(InstantSource.system())
        .scheduler(scheduler)
        .random(random)
        .listenAddress(PeerAddress.of("127.0.0.1", 0))
        .pingInterval(Duration.ofMillis(100))
        .build();
  }

  @Test
  void twoNodes_handshakePingAndExchangeProtocolMessages() throws Exception {
    try (PeerNetwork a = node();
        PeerNetwork b = node()) {
      BlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
      a.registerProtocol(ECHO, (peer, payload) -> atA.add(payload));
      b.registerProtocol(ECHO, (peer, payload) -> peer.send(ECHO, payload));
      CompletableFuture<DisconnectReason> bSawDisconnect = new CompletableFuture<>();
      b.registerProtocol(
          ProtocolId.of("watch", 1),
          new ProtocolHandler() {
            @Override
            public void onMessage(Peer peer, byte[] payload) {}

            @Override
            public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
              bSawDisconnect.complete(reason);
            }
          });
      a.start();
      b.start();

      Peer bAtA = a.connect(b.listenAddress().orElseThrow()).get(20, TimeUnit.SECONDS);

      assertEquals(b.nodeId(), bAtA.nodeId());
      assertTrue(bAtA.supports(ECHO));
      for (int i = 0; i < 100; i++) {
        assertTrue(bAtA.send(ECHO, new byte[] {(byte) i, 1, 2, 3}));
      }
      for (int i = 0; i < 100; i++) {
        byte[] echoed = atA.poll(20, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {(byte) i, 1, 2, 3}, echoed);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (bAtA.rtt().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(bAtA.rtt().isPresent(), "a pong arrived");
      assertTrue(bAtA.rtt().get().compareTo(Duration.ofSeconds(1)) < 0);
      assertEquals(1, b.peers().size());

      bAtA.disconnect(DisconnectReason.REQUESTED);

      assertEquals(DisconnectReason.REQUESTED, bSawDisconnect.get(20, TimeUnit.SECONDS));
    }
  }
}
