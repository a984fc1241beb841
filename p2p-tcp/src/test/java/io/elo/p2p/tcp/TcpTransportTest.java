package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.RecordingHandler.Closed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Transport lifecycle, addresses, IPv6 and builder checks. */
class TcpTransportTest {
  @Test
  void ipv6Loopback_carriesFramesBothWays() throws Exception {
    assumeTrue(ipv6LoopbackAvailable(), "::1 cannot be bound here");
    try (Loopback net = new Loopback(
            TcpTransport.builder().security(Loopback.encrypted(1)),
            TcpTransport.builder().security(Loopback.encrypted(2)),
            "::1")) {
      Connection[] pair = net.connect();
      RecordingHandler atServer = new RecordingHandler();
      RecordingHandler atClient = new RecordingHandler();
      pair[1].setHandler(atServer);
      pair[0].setHandler(atClient);

      pair[0].send(new byte[] {1, 2, 3});
      pair[1].send(new byte[] {4});

      assertArrayEquals(new byte[] {1, 2, 3}, atServer.take());
      assertArrayEquals(new byte[] {4}, atClient.take());
      assertFalse(net.address().isIpv4());
      assertEquals(InetAddress.getByName("::1"), pair[1].remoteAddress().ip());
      assertEquals(net.address(), pair[0].remoteAddress());
    }
  }

  @Test
  void connections_reportDirectionAndAddresses() throws Exception {
    try (Loopback net = Loopback.ipv4()) {
      Connection[] pair = net.connect();

      assertFalse(pair[0].isInbound());
      assertTrue(pair[1].isInbound());
      assertEquals(net.address(), pair[0].remoteAddress());
      assertEquals(InetAddress.getByName("127.0.0.1"), pair[1].remoteAddress().ip());
      assertTrue(net.address().port() > 0);
      assertEquals(1, net.client.connectionCount());
    }
  }

  @Test
  void close_closesEveryConnectionWithShutdown_andRefusesNewDials() throws Exception {
    Loopback net = Loopback.ipv4();
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    RecordingHandler atClient = new RecordingHandler();
    pair[1].setHandler(atServer);
    pair[0].setHandler(atClient);

    net.server.close();

    assertEquals(new Closed(DisconnectReason.SHUTDOWN, false), atServer.awaitClose());
    assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), atClient.awaitClose());
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () -> net.server.dial(net.address(), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS));
    assertTrue(failure.getCause() instanceof IOException);
    assertEquals(0, net.server.connectionCount());
    net.close();
  }

  @Test
  void listen_twice_isACallerMistake_andABusyPortIsAnIoException() throws Exception {
    try (TcpTransport a = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
        TcpTransport b = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
        ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      a.listen(PeerAddress.of("127.0.0.1", 0), c -> {});

      assertThrows(
          IllegalStateException.class, () -> a.listen(PeerAddress.of("127.0.0.1", 0), c -> {}));
      int port = ((InetSocketAddress) busy.getLocalSocketAddress()).getPort();
      assertThrows(IOException.class, () -> b.listen(PeerAddress.of("127.0.0.1", port), c -> {}));
      assertTrue(b.listenAddress().isEmpty());
    }
  }

  @Test
  void builder_rejectsSettingsThatCannotWork() {
    TcpTransportBuilder builder = TcpTransport.builder().security(ChannelSecurity.plaintext());

    assertThrows(IllegalArgumentException.class, () -> builder.maxFrameSize(0));
    assertThrows(IllegalArgumentException.class, () -> builder.sendQueueFrames(0));
    assertThrows(IllegalArgumentException.class, () -> builder.ioThreads(3));
    assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.maxFrameSize(1000).sendQueueBytes(1003).build());
    // The channel security is never implicit.
    assertThrows(IllegalStateException.class, () -> TcpTransport.builder().build());
    try (TcpTransport transport =
        TcpTransport.builder()
            .security(ChannelSecurity.plaintext())
            .maxFrameSize(1000)
            .sendQueueBytes(2006)
            .build()) {
      assertEquals(1000, transport.maxFrameSize());
    }
  }

  @Test
  void twoIoThreads_spreadConnections_andKeepTheContract() throws Exception {
    try (Loopback net = Loopback.ipv4(TcpTransport.builder().ioThreads(2))) {
      for (int i = 0; i < 4; i++) {
        Connection[] pair = net.connect();
        RecordingHandler atServer = new RecordingHandler();
        pair[1].setHandler(atServer);
        pair[0].send(new byte[] {(byte) i});
        assertArrayEquals(new byte[] {(byte) i}, atServer.take());
      }
      assertEquals(4, net.server.connectionCount());
    }
  }

  private static boolean ipv6LoopbackAvailable() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
