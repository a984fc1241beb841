package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.tcp.RecordingHandler.Closed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@link Error} thrown by a handler on an I/O thread (issue 14: an OutOfMemoryError killed the
 * network thread and the node lived on without it): the transport closes itself and tells its
 * fatal-error listeners once, instead of running on with a dead thread.
 */
@Timeout(60)
class TcpFatalErrorTest {
  @Test
  void errorInAHandler_closesTheTransport_andTellsTheListenersOnce() throws Exception {
    try (Loopback net = Loopback.ipv4(TcpTransport.builder().ioThreads(2))) {
      List<Throwable> heard = new CopyOnWriteArrayList<>();
      CountDownLatch told = new CountDownLatch(1);
      net.server.onFatalError(
          e -> {
            heard.add(e);
            told.countDown();
          });
      Connection[] first = net.connect();
      Connection[] second = net.connect();
      RecordingHandler bystander = new RecordingHandler();
      second[1].setHandler(bystander);
      second[0].setHandler(new RecordingHandler());
      Error fault = new StackOverflowError("test handler");
      first[1].setHandler(
          new FrameHandler() {
            @Override
            public void onFrame(byte[] frame) {
              throw fault;
            }

            @Override
            public void onClose(DisconnectReason reason, boolean byRemote) {}
          });
      first[0].setHandler(new RecordingHandler());

      first[0].send(new byte[] {1});

      assertTrue(told.await(30, TimeUnit.SECONDS), "no fatal error reported");
      assertEquals(new Closed(DisconnectReason.SHUTDOWN, false), bystander.awaitClose());
      assertFalse(second[1].isOpen(), "connections on the other I/O thread are closed too");
      ExecutionException dial =
          assertThrows(
              ExecutionException.class,
              () -> net.server.dial(net.address(), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS));
      assertTrue(dial.getCause() instanceof java.io.IOException, "closed: " + dial.getCause());
      List<Throwable> late = new CopyOnWriteArrayList<>();
      net.server.onFatalError(late::add);
      assertEquals(List.of(fault), late, "a late listener hears of it at once");
      Thread.sleep(200);
      assertEquals(1, heard.size());
      assertSame(fault, heard.get(0));
    }
  }
}
