package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.RecordingHandler.Closed;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What receiving costs the I/O thread in heap: a large frame is allocated once, at its length,
 * and written once (decrypted straight into it); a frame announced but not sent costs 64 KiB.
 */
class TcpFrameAllocationTest {
  private static final int MAX_FRAME = 16 * 1024 * 1024 + 64 * 1024;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final List<Thread> ioThreads = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

  private TcpTransport server(ChannelSecurity security) throws Exception {
    TcpTransport server =
        TcpTransport.builder()
            .security(security)
            .maxFrameSize(MAX_FRAME)
            .threadFactory(
                task -> {
                  Thread thread = new Thread(task, "test-io");
                  thread.setDaemon(true);
                  ioThreads.add(thread);
                  return thread;
                })
            .build();
    server.listen(PeerAddress.of("127.0.0.1", 0), accepted::add);
    return server;
  }

  @Test
  void frameOf16MiBAnnouncedButNotSent_costsAbout64KiB_plaintext() throws Exception {
    try (TcpTransport server = server(ChannelSecurity.plaintext());
        Socket raw = new Socket()) {
      PeerAddress address = server.listenAddress().orElseThrow();
      raw.connect(new InetSocketAddress(address.ip(), address.port()));
      RecordingHandler handler = new RecordingHandler();
      accepted.poll(20, TimeUnit.SECONDS).setHandler(handler);
      long before = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId());

      OutputStream out = raw.getOutputStream();
      out.write(ByteBuffer.allocate(4 + 100).putInt(0, 16 * 1024 * 1024).array());
      out.flush();
      raw.shutdownOutput();

      assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), handler.awaitClose());
      long allocated = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId()) - before;
      assertTrue(allocated < 1024 * 1024, "I/O thread allocated " + allocated + " bytes");
      assertEquals(0, server.frameBudget().reserved());
    }
  }

  @Test
  void frameOf16MiBAnnouncedButNotSent_costsAbout64KiB_encrypted() throws Exception {
    try (TcpTransport server = server(Loopback.encrypted(1))) {
      WirePeer peer = WirePeer.secure(server.listenAddress().orElseThrow());
      RecordingHandler handler = new RecordingHandler();
      accepted.poll(20, TimeUnit.SECONDS).setHandler(handler);
      long before = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId());

      peer.sendPlaintext(ByteBuffer.allocate(4 + 100).putInt(0, 16 * 1024 * 1024));
      peer.close();

      assertEquals(DisconnectReason.CONNECTION_LOST, handler.awaitClose().reason());
      long allocated = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId()) - before;
      assertTrue(allocated < 1024 * 1024, "I/O thread allocated " + allocated + " bytes");
      assertEquals(0, server.frameBudget().reserved());
    }
  }

  @Test
  void largeFrameOverNoise_isDecryptedStraightIntoOneArrayOfItsLength() throws Exception {
    try (TcpTransport server = server(Loopback.encrypted(1));
        TcpTransport client =
            TcpTransport.builder().security(Loopback.encrypted(2)).maxFrameSize(MAX_FRAME).build()) {
      Connection dialled =
          client.dial(server.listenAddress().orElseThrow(), Loopback.DIAL_TIMEOUT).get(20, TimeUnit.SECONDS);
      RecordingHandler handler = new RecordingHandler();
      accepted.poll(20, TimeUnit.SECONDS).setHandler(handler);
      dialled.setHandler(new RecordingHandler());
      byte[] frame = new byte[8 * 1024 * 1024];
      new Random(3).nextBytes(frame);
      dialled.send(new byte[] {1});
      handler.take();
      long before = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId());

      dialled.send(frame);
      byte[] received = handler.take();

      long allocated = THREADS.getThreadAllocatedBytes(ioThreads.get(0).getId()) - before;
      assertArrayEquals(frame, received);
      // The frame itself and little else: growing by doubling, or decrypting into a buffer and
      // copying, would allocate at least twice its size.
      assertTrue(
          allocated < frame.length + frame.length / 4,
          "I/O thread allocated " + allocated + " bytes for a frame of " + frame.length);
      assertEquals(0, server.frameBudget().reserved());
    }
  }
}
