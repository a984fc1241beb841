package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UnixSocketTransportTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration DIAL = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Records frames and the end of one connection. */
  private static final class Recorder implements FrameHandler {
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final List<String> closes = new ArrayList<>();

    @Override
    public void onFrame(byte[] frame) {
      frames.add(frame);
    }

    @Override
    public synchronized void onClose(DisconnectReason reason, boolean byRemote) {
      closes.add(reason + "/" + byRemote);
      closed.complete(reason + "/" + byRemote);
    }
  }

  private static ChannelSecurity encrypted(NodeIdentity identity) {
    return ChannelSecurity.encrypted(identity, RANDOM);
  }

  @Test
  void encryptedConnection_carriesFramesInOrder_andProvesTheNodeIds() throws Exception {
    NodeIdentity serverId = NodeIdentity.generate(RANDOM);
    NodeIdentity clientId = NodeIdentity.generate(RANDOM);
    try (UnixSocketTransport server = UnixSocketTransport.create(dir, encrypted(serverId));
        UnixSocketTransport client = UnixSocketTransport.create(dir, encrypted(clientId))) {
      CompletableFuture<Connection> accepted = new CompletableFuture<>();
      Recorder serverSide = new Recorder();
      server.listen(
          PeerAddress.of("127.0.0.1", 0),
          c -> {
            c.setHandler(serverSide);
            accepted.complete(c);
          });
      PeerAddress address = server.listenAddress().orElseThrow();
      assertTrue(address.port() > 0);
      assertTrue(Files.exists(server.socketPath(address)));

      Connection out = client.dial(address, DIAL).get(10, TimeUnit.SECONDS);
      Recorder clientSide = new Recorder();
      out.setHandler(clientSide);
      byte[] big = new byte[200_000]; // larger than one Noise message: split and reassembled
      RANDOM.nextBytes(big);
      for (int i = 0; i < 100; i++) {
        assertTrue(out.send(new byte[] {(byte) i}));
      }
      assertTrue(out.send(big));
      for (int i = 0; i < 100; i++) {
        assertArrayEquals(new byte[] {(byte) i}, serverSide.frames.poll(10, TimeUnit.SECONDS));
      }
      assertArrayEquals(big, serverSide.frames.poll(10, TimeUnit.SECONDS));

      Connection in = accepted.get(10, TimeUnit.SECONDS);
      assertTrue(in.isInbound());
      assertFalse(out.isInbound());
      assertEquals(Optional.of(clientId.nodeId()), in.authenticatedNodeId());
      assertEquals(Optional.of(serverId.nodeId()), out.authenticatedNodeId());
      assertTrue(in.send(new byte[] {42}));
      assertArrayEquals(new byte[] {42}, clientSide.frames.poll(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void close_isReportedOnceToEachSide_withWhoEndedIt() throws Exception {
    try (UnixSocketTransport server = UnixSocketTransport.create(dir, ChannelSecurity.plaintext());
        UnixSocketTransport client = UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      Recorder serverSide = new Recorder();
      server.listen(PeerAddress.of("127.0.0.1", 19444), c -> c.setHandler(serverSide));
      Connection out = client.dial(PeerAddress.of("127.0.0.1", 19444), DIAL).get();
      Recorder clientSide = new Recorder();
      out.setHandler(clientSide);
      assertTrue(out.send(new byte[] {1}));
      serverSide.frames.poll(10, TimeUnit.SECONDS);

      out.close(DisconnectReason.REQUESTED);
      out.close(DisconnectReason.BANNED);
      assertFalse(out.isOpen());
      assertFalse(out.send(new byte[] {2}));
      assertEquals("REQUESTED/false", clientSide.closed.get(10, TimeUnit.SECONDS));
      assertEquals("CONNECTION_LOST/true", serverSide.closed.get(10, TimeUnit.SECONDS));
      Thread.sleep(100); // would a second onClose come?
      assertEquals(1, clientSide.closes.size());
      assertEquals(1, serverSide.closes.size());
    }
  }

  @Test
  void encryptedNode_refusesAPlaintextPeer() throws Exception {
    try (UnixSocketTransport server =
            UnixSocketTransport.create(dir, encrypted(NodeIdentity.generate(RANDOM)));
        UnixSocketTransport client = UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Recorder()));
      PeerAddress address = server.listenAddress().orElseThrow();
      Connection plain = client.dial(address, DIAL).get(10, TimeUnit.SECONDS);
      Recorder recorder = new Recorder();
      plain.setHandler(recorder);
      plain.send(new byte[] {1, 2, 3});
      assertTrue(
          recorder.closed.get(10, TimeUnit.SECONDS).endsWith("/true"),
          "the encrypting side hung up");
    }
  }

  @Test
  void plaintextDialer_toAnEncryptingNode_failsTheHandshake() throws Exception {
    try (UnixSocketTransport server = UnixSocketTransport.create(dir, ChannelSecurity.plaintext());
        UnixSocketTransport client =
            UnixSocketTransport.create(dir, encrypted(NodeIdentity.generate(RANDOM)))) {
      server.listen(
          PeerAddress.of("127.0.0.1", 0),
          c -> {
            c.setHandler(new Recorder());
            c.send(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}); // no Noise message
          });
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> client.dial(server.listenAddress().orElseThrow(), DIAL).get());
      assertInstanceOf(IOException.class, e.getCause());
    }
  }

  @Test
  void dial_toNothing_failsWithAnIoException() throws Exception {
    try (UnixSocketTransport client =
        UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> client.dial(PeerAddress.of("127.0.0.1", 1), DIAL).get());
      assertInstanceOf(IOException.class, e.getCause());
    }
  }

  @Test
  void listen_replacesAStaleSocketFile_butRefusesALiveOne() throws Exception {
    PeerAddress address = PeerAddress.of("127.0.0.1", 20000);
    try (UnixSocketTransport first = UnixSocketTransport.create(dir, ChannelSecurity.plaintext());
        UnixSocketTransport second = UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      first.listen(address, c -> c.setHandler(new Recorder()));
      assertThrows(IOException.class, () -> second.listen(address, c -> {}));
    }
    Path path = UnixSocketTransport.create(dir, ChannelSecurity.plaintext()).socketPath(address);
    assertFalse(Files.exists(path), "close removes the socket file");
    Files.createFile(path); // what a crashed process leaves behind
    try (UnixSocketTransport third = UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      third.listen(address, c -> c.setHandler(new Recorder()));
      assertEquals(Optional.of(address), third.listenAddress());
    }
  }

  @Test
  void socketPath_namesOneFilePerAddress() {
    UnixSocketTransport t = UnixSocketTransport.create(dir, ChannelSecurity.plaintext());
    assertEquals(
        dir.resolve("127.0.0.1_19444.sock"), t.socketPath(PeerAddress.of("127.0.0.1", 19444)));
    assertEquals(dir.resolve("--1_5.sock"), t.socketPath(PeerAddress.parse("[::1]:5")));
    t.close();
  }

  @Test
  void send_rejectsAFrameAboveTheLimit() throws Exception {
    try (UnixSocketTransport server = UnixSocketTransport.create(dir, ChannelSecurity.plaintext());
        UnixSocketTransport client = UnixSocketTransport.create(dir, ChannelSecurity.plaintext())) {
      server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Recorder()));
      Connection out = client.dial(server.listenAddress().orElseThrow(), DIAL).get();
      out.setHandler(new Recorder());
      assertThrows(
          IllegalArgumentException.class, () -> out.send(new byte[out.maxFrameSize() + 1]));
    }
  }
}
