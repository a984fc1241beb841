package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.tcp.RecordingHandler.Closed;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Connection contract over real loopback sockets: order, sizes, holding, handlers, close. */
class TcpConnectionTest {
  private static final int MAX_FRAME = 1024 * 1024;

  private final Loopback net =
      Loopback.ipv4(TcpTransport.builder().maxFrameSize(MAX_FRAME).heldInboundBytes(16 * 1024));

  TcpConnectionTest() throws Exception {}

  @AfterEach
  void tearDown() {
    net.close();
  }

  @Test
  void frames_arriveWholeAndInOrder_bothWays() throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    RecordingHandler atClient = new RecordingHandler();
    pair[1].setHandler(atServer);
    pair[0].setHandler(atClient);
    SplittableRandom random = new SplittableRandom(1);
    byte[][] sent = new byte[2000][];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = new byte[random.nextInt(3000)];
      random.nextBytes(sent[i]);
      assertTrue(pair[0].send(sent[i]));
      assertTrue(pair[1].send(sent[i]));
    }

    for (byte[] frame : sent) {
      assertArrayEquals(frame, atServer.take());
      assertArrayEquals(frame, atClient.take());
    }
    assertEquals(List.of(), atServer.violations());
    assertEquals(List.of(), atClient.violations());
  }

  @Test
  void frameOfExactlyMaxSize_arrives_andLargerIsACallerMistake() throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    pair[1].setHandler(atServer);
    byte[] max = new byte[MAX_FRAME];
    new SplittableRandom(2).nextBytes(max);

    assertTrue(pair[0].send(max));
    assertTrue(pair[0].send(new byte[0]));

    assertArrayEquals(max, atServer.take());
    assertEquals(0, atServer.take().length);
    assertEquals(MAX_FRAME, pair[0].maxFrameSize());
    assertThrows(IllegalArgumentException.class, () -> pair[0].send(new byte[MAX_FRAME + 1]));
    assertTrue(pair[0].isOpen());
  }

  @Test
  void framesBeforeSetHandler_areHeldPastTheBound_andDeliveredInOrderAfterIt() throws Exception {
    Connection[] pair = net.connect();
    byte[][] sent = new byte[200][];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = new byte[1024];
      sent[i][0] = (byte) i;
      assertTrue(pair[0].send(sent[i]));
    }
    // 200 KiB against a 16 KiB hold: the server stops reading and TCP holds the rest back.
    Thread.sleep(200);
    RecordingHandler atServer = new RecordingHandler();
    pair[1].setHandler(atServer);

    for (byte[] frame : sent) {
      assertArrayEquals(frame, atServer.take());
    }
    assertTrue(pair[0].isOpen() && pair[1].isOpen());
  }

  @Test
  void setHandler_twice_isACallerMistake() throws Exception {
    Connection[] pair = net.connect();
    pair[0].setHandler(new RecordingHandler());

    assertThrows(IllegalStateException.class, () -> pair[0].setHandler(new RecordingHandler()));
  }

  @Test
  void handlerCalls_neverRunOnTheCallersStack() throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atClient = new RecordingHandler();
    atClient.forbidThread(Thread.currentThread());
    pair[1].setHandler(new EchoHandler(pair[1]));
    pair[0].setHandler(atClient);

    for (int i = 0; i < 100; i++) {
      pair[0].send(new byte[] {(byte) i});
    }
    for (int i = 0; i < 100; i++) {
      assertEquals((byte) i, atClient.take()[0]);
    }
    pair[0].close(DisconnectReason.REQUESTED);

    assertEquals(new Closed(DisconnectReason.REQUESTED, false), atClient.awaitClose());
    assertEquals(List.of(), atClient.violations());
  }

  @Test
  void handlerMayCallSendAndCloseFromInsideItsCallbacks() throws Exception {
    Connection[] pair = net.connect();
    CompletableFuture<Closed> serverClosed = new CompletableFuture<>();
    pair[1].setHandler(
        new FrameHandler() {
          @Override
          public void onFrame(byte[] frame) {
            pair[1].send(frame);
            pair[1].close(DisconnectReason.REQUESTED);
          }

          @Override
          public void onClose(DisconnectReason reason, boolean byRemote) {
            serverClosed.complete(new Closed(reason, byRemote));
          }
        });
    RecordingHandler atClient = new RecordingHandler();
    pair[0].setHandler(atClient);

    pair[0].send(new byte[] {42});

    assertArrayEquals(new byte[] {42}, atClient.take());
    assertEquals(
        new Closed(DisconnectReason.REQUESTED, false), serverClosed.get(20, TimeUnit.SECONDS));
    assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), atClient.awaitClose());
  }

  @Test
  void handlerException_closesWithProtocolError() throws Exception {
    Connection[] pair = net.connect();
    CompletableFuture<Closed> serverClosed = new CompletableFuture<>();
    pair[1].setHandler(
        new FrameHandler() {
          @Override
          public void onFrame(byte[] frame) {
            throw new IllegalStateException("bad frame");
          }

          @Override
          public void onClose(DisconnectReason reason, boolean byRemote) {
            serverClosed.complete(new Closed(reason, byRemote));
          }
        });
    RecordingHandler atClient = new RecordingHandler();
    pair[0].setHandler(atClient);

    pair[0].send(new byte[1]);

    assertEquals(
        new Closed(DisconnectReason.PROTOCOL_ERROR, false), serverClosed.get(20, TimeUnit.SECONDS));
    assertEquals(DisconnectReason.CONNECTION_LOST, atClient.awaitClose().reason());
  }

  @Test
  void close_flushesQueuedFramesFirst_andTheFirstReasonWins() throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    RecordingHandler atClient = new RecordingHandler();
    pair[1].setHandler(atServer);
    pair[0].setHandler(atClient);
    byte[] big = new byte[256 * 1024];
    for (int i = 0; i < 20; i++) {
      big[0] = (byte) i;
      assertTrue(pair[0].send(big.clone()));
    }

    pair[0].close(DisconnectReason.TIMEOUT);
    pair[0].close(DisconnectReason.REQUESTED);

    assertFalse(pair[0].isOpen());
    assertFalse(pair[0].send(new byte[1]));
    for (int i = 0; i < 20; i++) {
      assertEquals((byte) i, atServer.take()[0]);
    }
    assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), atServer.awaitClose());
    assertEquals(new Closed(DisconnectReason.TIMEOUT, false), atClient.awaitClose());
    assertEquals(List.of(), atServer.violations());
    assertEquals(List.of(), atClient.violations());
  }

  @Test
  void closeBeforeSetHandler_isReportedOnceTheHandlerIsSet() throws Exception {
    Connection[] pair = net.connect();
    pair[1].close(DisconnectReason.TOO_MANY_PEERS);
    RecordingHandler atServer = new RecordingHandler();
    RecordingHandler atClient = new RecordingHandler();

    pair[0].setHandler(atClient);
    assertEquals(new Closed(DisconnectReason.CONNECTION_LOST, true), atClient.awaitClose());
    pair[1].setHandler(atServer);

    assertEquals(new Closed(DisconnectReason.TOO_MANY_PEERS, false), atServer.awaitClose());
  }

  @Test
  void concurrentSenders_eachFrameArrivesWhole_andEachThreadsFramesInOrder() throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    pair[1].setHandler(atServer);
    int threads = 4;
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    Thread[] senders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      senders[t] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  byte[] frame = new byte[100 + id * 1000];
                  frame[0] = (byte) id;
                  frame[1] = (byte) (i >> 8);
                  frame[2] = (byte) i;
                  frame[frame.length - 1] = (byte) id;
                  pair[0].send(frame);
                }
              });
      senders[t].start();
    }
    start.countDown();

    int[] next = new int[threads];
    for (int n = 0; n < threads * perThread; n++) {
      byte[] frame = atServer.take();
      int id = frame[0];
      assertEquals(100 + id * 1000, frame.length);
      assertEquals(id, frame[frame.length - 1]);
      assertEquals(next[id]++, ((frame[1] & 0xff) << 8) | (frame[2] & 0xff));
    }
    for (Thread sender : senders) {
      sender.join();
    }
  }

  /** Sends every frame back. */
  private record EchoHandler(Connection connection) implements FrameHandler {
    @Override
    public void onFrame(byte[] frame) {
      connection.send(frame);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }
}
