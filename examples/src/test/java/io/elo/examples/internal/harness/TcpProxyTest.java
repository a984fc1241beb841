package io.elo.examples.internal.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void startEchoAndProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t =
                      new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              in.transferTo(out);
                            } catch (IOException e) {
                              // closed
                            }
                          });
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    Random random = new Random(1);
    proxy =
        TcpProxy.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()),
            r -> {
              Thread t = new Thread(r, "proxy");
              t.setDaemon(true);
              return t;
            },
            random::nextDouble);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBytesBothWays_inOrder_withLatency() throws IOException {
    proxy.latency(Duration.ofMillis(5));
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 5_000);
      byte[] sent = new byte[100_000];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = (byte) (i * 31);
      }
      s.getOutputStream().write(sent);
      byte[] back = s.getInputStream().readNBytes(sent.length);
      assertArrayEquals(sent, back);
    }
  }

  @Test
  void cut_closesOpenConnections_andRefusesNewOnes_untilRestored() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 5_000);
      roundTrip(s, "before");
      proxy.cut();
      assertTrue(proxy.isCut());
      assertEquals(-1, s.getInputStream().read());
    }
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 5_000); // accepted by the listener, then closed by the proxy
      assertEquals(-1, s.getInputStream().read());
    }
    proxy.restore();
    assertFalse(proxy.isCut());
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 5_000);
      roundTrip(s, "after");
    }
  }

  @Test
  void loss_closesTheConnection() throws IOException {
    proxy.loss(0.999);
    try (Socket s = new Socket()) {
      s.connect(proxy.address(), 5_000);
      s.getOutputStream().write(1);
      assertEquals(-1, s.getInputStream().read());
    }
  }

  @Test
  void faults_rejectInvalidValues() {
    assertThrows(IllegalArgumentException.class, () -> proxy.loss(1.0));
    assertThrows(IllegalArgumentException.class, () -> proxy.loss(-0.1));
    assertThrows(IllegalArgumentException.class, () -> proxy.latency(Duration.ofMillis(-1)));
  }

  private static void roundTrip(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    assertArrayEquals(bytes, s.getInputStream().readNBytes(bytes.length));
  }
}
