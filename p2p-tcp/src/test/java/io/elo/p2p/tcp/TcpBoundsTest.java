package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.RecordingHandler.Closed;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Oversize frames, slow readers, connect timeouts and half-closes, over real loopback sockets. */
class TcpBoundsTest {
  private static final Duration TEST_LIMIT = Duration.ofSeconds(30);

  @Test
  void peerAnnouncing2GbFrame_isClosedWithFrameTooLarge_withoutAllocatingIt() throws Exception {
    List<Thread> ioThreads = new ArrayList<>();
    TcpTransport server =
        plaintext()
            .threadFactory(
                task -> {
                  Thread thread = new Thread(task, "test-io");
                  thread.setDaemon(true);
                  ioThreads.add(thread);
                  return thread;
                })
            .build();
    CompletableFuture<Closed> closed = new CompletableFuture<>();
    try (server;
        Socket raw = new Socket()) {
      server.listen(
          PeerAddress.of("127.0.0.1", 0),
          c -> c.setHandler(new ClosedFuture(closed)));
      raw.connect(socketAddress(server));
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getThreadAllocatedBytes(ioThreads.get(0).getId());

      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      out.writeInt(0x7fff_ffff);
      out.write(new byte[1024]);
      out.flush();

      assertEquals(
          new Closed(DisconnectReason.FRAME_TOO_LARGE, false), closed.get(20, TimeUnit.SECONDS));
      long allocated = threads.getThreadAllocatedBytes(ioThreads.get(0).getId()) - before;
      assertTrue(allocated < 1024 * 1024, "I/O thread allocated " + allocated + " bytes");
      assertEquals(-1, drain(raw.getInputStream()), "the server ends the stream");
    }
  }

  @Test
  void peerThatStopsReading_isDisconnectedAtTheSendQueueBound_withoutBlockingTheSender()
      throws Exception {
    long queueBytes = 256 * 1024;
    TcpTransport server =
        plaintext()
            .maxFrameSize(64 * 1024)
            .sendQueueBytes(queueBytes)
            .sendQueueFrames(1000)
            .socketSendBuffer(16 * 1024)
            .build();
    CompletableFuture<Connection> accepted = new CompletableFuture<>();
    try (server;
        Socket raw = new Socket()) {
      server.listen(PeerAddress.of("127.0.0.1", 0), accepted::complete);
      raw.setReceiveBufferSize(16 * 1024);
      raw.connect(socketAddress(server));
      TcpConnection connection = (TcpConnection) accepted.get(20, TimeUnit.SECONDS);
      RecordingHandler handler = new RecordingHandler();
      connection.setHandler(handler);
      byte[] frame = new byte[16 * 1024];

      int sent =
          assertTimeoutPreemptively(
              TEST_LIMIT,
              () -> {
                int n = 0;
                while (connection.send(frame)) {
                  n++;
                  assertTrue(connection.queuedBytes() <= queueBytes);
                }
                return n;
              });

      assertTrue(sent < 1000, "sent " + sent + " frames to a peer that reads nothing");
      assertFalse(connection.isOpen());
      assertEquals(new Closed(DisconnectReason.SEND_QUEUE_FULL, false), handler.awaitClose());
    }
  }

  @Test
  void dial_toAPeerWhoseBacklogIsFull_timesOut() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket neverAccepts = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        TcpTransport client = plaintext().build()) {
      InetSocketAddress target = (InetSocketAddress) neverAccepts.getLocalSocketAddress();
      // Fill the accept queue until the kernel starts dropping SYNs.
      boolean full = false;
      for (int i = 0; i < 64 && !full; i++) {
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(target, 300);
        } catch (SocketTimeoutException e) {
          full = true;
        }
      }
      assertTrue(full, "backlog never filled");

      CompletableFuture<Connection> dial =
          client.dial(
              new PeerAddress(target.getAddress(), target.getPort()), Duration.ofMillis(300));

      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> dial.get(20, TimeUnit.SECONDS));
      assertInstanceOf(TimeoutException.class, failure.getCause());
    } finally {
      for (Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void dial_toAClosedPort_failsWithIoException() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (TcpTransport client = plaintext().build()) {
      CompletableFuture<Connection> dial =
          client.dial(PeerAddress.of("127.0.0.1", port), Duration.ofSeconds(5));

      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> dial.get(20, TimeUnit.SECONDS));
      assertInstanceOf(ConnectException.class, failure.getCause());
    }
  }

  @Test
  void peerHalfClose_deliversItsFrames_thenEndsOurStreamCleanly() throws Exception {
    TcpTransport server = plaintext().build();
    CompletableFuture<Connection> accepted = new CompletableFuture<>();
    try (server;
        Socket raw = new Socket()) {
      server.listen(PeerAddress.of("127.0.0.1", 0), accepted::complete);
      raw.connect(socketAddress(server));
      Connection connection = accepted.get(20, TimeUnit.SECONDS);
      assertTrue(connection.send(new byte[] {7, 7}));
      DataOutputStream out = new DataOutputStream(raw.getOutputStream());
      for (int i = 0; i < 3; i++) {
        out.writeInt(1);
        out.write(i);
      }
      out.flush();
      raw.shutdownOutput();
      // The end of stream is seen before the handler is set: the held frames must survive it.
      assertTimeoutPreemptively(
          TEST_LIMIT,
          () -> {
            while (connection.isOpen()) {
              Thread.sleep(5);
            }
          });
      RecordingHandler handler = new RecordingHandler();

      connection.setHandler(handler);

      for (int i = 0; i < 3; i++) {
        assertEquals(i, handler.take()[0]);
      }
      assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), handler.awaitClose());
      InputStream in = raw.getInputStream();
      assertEquals(6, in.readNBytes(6).length, "our frame reached the peer");
      assertEquals(-1, in.read(), "then a clean end of stream, not a reset");
      assertEquals(List.of(), handler.violations());
    }
  }

  @Test
  void localClose_endsTheStreamWithFin_afterTheQueuedFrames() throws Exception {
    TcpTransport server = plaintext().build();
    CompletableFuture<Connection> accepted = new CompletableFuture<>();
    try (server;
        Socket raw = new Socket()) {
      server.listen(PeerAddress.of("127.0.0.1", 0), accepted::complete);
      raw.connect(socketAddress(server));
      // Unread bytes at close time would make a plain close() send a reset.
      raw.getOutputStream().write(new byte[] {0, 0, 0, 1, 9});
      Connection connection = accepted.get(20, TimeUnit.SECONDS);
      RecordingHandler handler = new RecordingHandler();
      connection.setHandler(handler);
      handler.take();
      raw.getOutputStream().write(new byte[] {0, 0, 0, 5, 1, 2, 3});

      connection.send(new byte[100_000]);
      connection.close(DisconnectReason.REQUESTED);

      InputStream in = raw.getInputStream();
      assertEquals(100_004, in.readNBytes(100_004).length);
      assertEquals(-1, in.read());
      raw.close();
      assertEquals(new Closed(DisconnectReason.REQUESTED, false), handler.awaitClose());
    }
  }

  private static InetSocketAddress socketAddress(TcpTransport transport) {
    PeerAddress address = transport.listenAddress().orElseThrow();
    return new InetSocketAddress(address.ip(), address.port());
  }

  /** Reads until the end of stream, returning -1 then. */
  private static int drain(InputStream in) throws Exception {
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      // discard
    }
    return n;
  }

  /** Completes a future with the close and ignores frames. */
  private record ClosedFuture(CompletableFuture<Closed> closed)
      implements io.elo.p2p.FrameHandler {
    @Override
    public void onFrame(byte[] frame) {}

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {
      closed.complete(new Closed(reason, byRemote));
    }
  }

  /** These tests speak raw bytes to the transport: no secure channel. */
  private static TcpTransportBuilder plaintext() {
    return TcpTransport.builder().security(ChannelSecurity.plaintext());
  }
}
