package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, point 2: slowloris from one address while another client keeps asking, and the
 * request line and header size limits (414, 431), over real sockets.
 */
@Timeout(180)
class RestAbuseTest {
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final int SLOWLORIS = 100;
  private static final String ATTACKER = "127.0.0.2";
  private static final String CLIENT = "127.0.0.1";

  @Test
  void slowloris_fromOneAddress_isCutOff_whileAnotherAddressIsAnsweredWithinASecond()
      throws Exception {
    try (RestNode rest = RestNode.start(b -> b.headerTimeout(HEADER_TIMEOUT))) {
      int port = rest.rest.port();
      ExecutorService attackers = Executors.newFixedThreadPool(SLOWLORIS);
      CountDownLatch connected = new CountDownLatch(SLOWLORIS);
      List<Future<Long>> lifetimes = new ArrayList<>();
      try {
        for (int i = 0; i < SLOWLORIS; i++) {
          lifetimes.add(attackers.submit(() -> slowloris(port, connected)));
        }
        assertTrue(connected.await(30, TimeUnit.SECONDS), "slowloris sockets connected");
        // The honest client asks until every slowloris socket is gone, and one second more.
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        int answered = 0;
        long slowest = 0;
        long quietSince = 0;
        while (quietSince == 0 || System.nanoTime() < quietSince + TimeUnit.SECONDS.toNanos(1)) {
          long start = System.nanoTime();
          String status = statusLine(exchange(port, CLIENT, "GET /api/v1/status HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n"));
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          slowest = Math.max(slowest, millis);
          if (!status.contains(" 200 ") || millis >= 1_000) {
            failures.add(status + " in " + millis + " ms");
          }
          answered++;
          if (quietSince == 0 && lifetimes.stream().allMatch(Future::isDone)) {
            quietSince = System.nanoTime();
          }
          Thread.sleep(50);
        }
        assertEquals(List.of(), List.copyOf(failures), "honest requests over 1 s or failed");
        assertTrue(answered >= 20, "the honest client asked throughout: " + answered);

        long bound = HEADER_TIMEOUT.toMillis() + 1_000;
        for (Future<Long> lifetime : lifetimes) {
          long millis = lifetime.get();
          assertTrue(millis <= bound, "a slowloris socket lived " + millis + " ms > " + bound);
        }
        double refused = counter(rest, "elo.rest.connections.refused");
        double expired = counter(rest, "elo.rest.connections.header.timeouts");
        // Beyond the per-address cap closed at accept, the others at their header deadline.
        assertTrue(refused > 0 && expired > 0, "refused " + refused + ", expired " + expired);
        assertEquals(SLOWLORIS, refused + expired, "refused " + refused + ", expired " + expired);
      } finally {
        attackers.shutdownNow();
      }
    }
  }

  @Test
  void aMegabyteUrl_is414_and16MegabytesOfHeader_is431() throws Exception {
    try (RestNode rest = RestNode.start()) {
      int port = rest.rest.port();
      String url = "GET /api/v1/blocks/" + "a".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n";
      String response = exchange(port, CLIENT, url);
      assertTrue(statusLine(response).contains(" 414 "), statusLine(response));
      assertTrue(response.contains("\"code\":\"uri-too-long\""), response);

      String header = "GET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(16 << 20)
          + "\r\n\r\n";
      response = exchange(port, CLIENT, header);
      assertTrue(statusLine(response).contains(" 431 "), statusLine(response));
      assertTrue(response.contains("\"code\":\"headers-too-large\""), response);

      assertEquals(200, rest.get("/api/v1/status").status(), "the server still answers");
    }
  }

  /**
   * One slowloris connection from {@link #ATTACKER}: a request line and then a header line every
   * 500 ms, never the blank line; returns how long the server kept it (connect to close).
   */
  private static long slowloris(int port, CountDownLatch connected) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(ATTACKER, 0));
      socket.connect(new InetSocketAddress(CLIENT, port), 10_000);
      long start = System.nanoTime();
      connected.countDown();
      socket.setSoTimeout(100);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      long giveUp = start + HEADER_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(20);
      byte[] line = "GET /api/v1/status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
      long lastWrite = 0;
      while (System.nanoTime() < giveUp) {
        try {
          if (System.nanoTime() - lastWrite > TimeUnit.MILLISECONDS.toNanos(500)) {
            out.write(line);
            out.flush();
            line = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);
            lastWrite = System.nanoTime();
          }
          if (in.read() < 0) {
            break; // closed by the server
          }
        } catch (SocketTimeoutException e) {
          continue; // still open
        } catch (IOException e) {
          break; // reset by the server
        }
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
  }

  /** Sends {@code request} from {@code from} and reads the answer until the server closes. */
  private static String exchange(int port, String from, String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(CLIENT, port), 10_000);
      socket.setSoTimeout(30_000);
      // Written from another thread: the server answers (and stops reading) before the end.
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write(request.getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the server closed its side after answering: expected for oversized requests
                }
              });
      writer.start();
      byte[] answer = socket.getInputStream().readAllBytes();
      writer.join(30_000);
      return new String(answer, StandardCharsets.US_ASCII);
    }
  }

  private static String statusLine(String response) {
    int end = response.indexOf("\r\n");
    return end < 0 ? "no status line: '" + response + "'" : response.substring(0, end);
  }

  private static double counter(RestNode rest, String name) {
    return rest.rest.meterRegistry().get(name).functionCounter().count();
  }
}
