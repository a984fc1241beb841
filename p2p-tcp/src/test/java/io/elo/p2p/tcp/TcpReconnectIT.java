package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeId;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerManager;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.TestNodes;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconnection over real TCP (encrypted, as nodes run): a static peer running in another process ({@link TcpPeerMain}) is
 * killed with SIGKILL and started again on the same port; the node notices the loss and reconnects
 * by itself (static peers are redialled with exponential backoff and jitter), three times over.
 */
class TcpReconnectIT {
  private static final int SEED = 42;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void killedAndRestartedStaticPeer_isReconnected() throws Exception {
    int port = freePort();
    PeerAddress peerAddress = PeerAddress.of("127.0.0.1", port);
    NodeId peerId = TcpPeerMain.identity(SEED).nodeId();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    SecureRandom random = new SecureRandom();
    Process child = start(port);
    NodeIdentity identity = NodeIdentity.generate(random);
    try (PeerNetwork node =
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
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            .pingInterval(Duration.ofMillis(200))
            .build()) {
      PeerManager manager =
          PeerManager.builder(node)
              .discovery(false)
              .peerExchange(false)
              .connectInterval(Duration.ofMillis(100))
              .build();
      node.addStaticPeer(peerAddress);
      node.start();
      manager.start();
      try {
        awaitTrue(() -> node.peer(peerId).isPresent(), "first connection");
        for (int round = 0; round < 3; round++) {
          child.destroyForcibly();
          assertTrue(child.waitFor(30, TimeUnit.SECONDS));
          awaitTrue(() -> node.peer(peerId).isEmpty(), "loss noticed in round " + round);
          child = start(port);
          awaitTrue(() -> node.peer(peerId).isPresent(), "reconnected in round " + round);
          assertEquals(peerAddress, node.peer(peerId).orElseThrow().address());
        }
      } finally {
        manager.close();
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      scheduler.shutdownNow();
    }
  }

  private static Process start(int port) throws Exception {
    return ChildJvm.start(List.of("-XX:+ExitOnOutOfMemoryError"), TcpPeerMain.class,
        List.of(Integer.toString(port), Integer.toString(SEED)), "READY ", WAIT, line -> {})
        .process();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
