package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannelException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Noise channel over real sockets: identities, plaintext refusal, tampering on the wire. */
@Timeout(60)
class TcpSecureChannelTest {
  private final ChannelSecurity serverSecurity = Loopback.encrypted(21);
  private final ChannelSecurity clientSecurity = Loopback.encrypted(22);

  @Test
  void encryptedConnection_provesEachSidesNodeId_andCarriesLargeFrames() throws Exception {
    try (Loopback net =
        new Loopback(
            TcpTransport.builder().security(serverSecurity),
            TcpTransport.builder().security(clientSecurity),
            "127.0.0.1")) {
      Connection[] pair = net.connect();
      assertEquals(serverSecurity.localNodeId(), pair[0].authenticatedNodeId().orElseThrow());
      assertEquals(clientSecurity.localNodeId(), pair[1].authenticatedNodeId().orElseThrow());
      RecordingHandler server = new RecordingHandler();
      pair[1].setHandler(server);
      pair[0].setHandler(new RecordingHandler());
      byte[] big = new byte[1_000_000];
      new java.util.Random(1).nextBytes(big);
      assertTrue(pair[0].send(big));
      assertTrue(pair[0].send(new byte[] {7}));
      assertArrayEquals(big, server.take());
      assertArrayEquals(new byte[] {7}, server.take());
    }
  }

  @Test
  void encryptingServer_refusesPlaintextClient() throws Exception {
    try (TcpTransport server = TcpTransport.builder().security(serverSecurity).build();
        TcpTransport client =
            TcpTransport.builder().security(ChannelSecurity.plaintext()).build()) {
      BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
      server.listen(PeerAddress.of("127.0.0.1", 0), accepted::add);
      Connection plain =
          client
              .dial(server.listenAddress().orElseThrow(), Loopback.DIAL_TIMEOUT)
              .get(20, TimeUnit.SECONDS);
      RecordingHandler handler = new RecordingHandler();
      plain.setHandler(handler);
      // What a plaintext node sends first: a length-prefixed frame.
      plain.send(new byte[] {10, 32, 1, 2, 3});

      assertEquals(DisconnectReason.CONNECTION_LOST, handler.awaitClose().reason());
      assertNull(accepted.poll(200, TimeUnit.MILLISECONDS), "no connection was handed out");
    }
  }

  @Test
  void encryptingClient_refusesPlaintextServer() throws Exception {
    try (TcpTransport server = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
        TcpTransport client = TcpTransport.builder().security(clientSecurity).build()) {
      server.listen(
          PeerAddress.of("127.0.0.1", 0),
          c -> {
            c.setHandler(new RecordingHandler());
            c.send(new byte[] {10, 32, 1, 2, 3});
          });
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  client
                      .dial(server.listenAddress().orElseThrow(), Loopback.DIAL_TIMEOUT)
                      .get(20, TimeUnit.SECONDS));
      SecureChannelException cause = assertInstanceOf(SecureChannelException.class, e.getCause());
      assertEquals(DisconnectReason.HANDSHAKE_FAILED, cause.reason());
    }
  }

  @Test
  void flippedBitOnTheWire_closesWithAuthenticationFailed_andDeliversNothingForged()
      throws Exception {
    try (TcpTransport server = TcpTransport.builder().security(serverSecurity).build();
        TcpTransport client = TcpTransport.builder().security(clientSecurity).build()) {
      BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
      server.listen(PeerAddress.of("127.0.0.1", 0), accepted::add);
      try (FlippingProxy proxy = new FlippingProxy(server.listenAddress().orElseThrow())) {
        Connection dialled =
            client.dial(proxy.address(), Loopback.DIAL_TIMEOUT).get(20, TimeUnit.SECONDS);
        Connection other = accepted.poll(20, TimeUnit.SECONDS);
        RecordingHandler received = new RecordingHandler();
        other.setHandler(received);
        dialled.setHandler(new RecordingHandler());
        assertTrue(dialled.send(new byte[] {1}));
        assertArrayEquals(new byte[] {1}, received.take());

        proxy.arm();
        dialled.send(new byte[] {2, 2, 2});
        dialled.send(new byte[] {3});

        RecordingHandler.Closed closed = received.awaitClose();
        assertEquals(DisconnectReason.AUTHENTICATION_FAILED, closed.reason());
        assertFalse(closed.byRemote());
        // Both frames may share the tampered chunk, whose flipped bit sits in the last message:
        // what arrived is an untouched prefix of what was sent, never all of it.
        java.util.List<byte[]> delivered = new java.util.ArrayList<>(received.frames);
        assertTrue(delivered.size() < 2, "a forged frame was delivered");
        delivered.forEach(f -> assertArrayEquals(new byte[] {2, 2, 2}, f));
      }
    }
  }
}
