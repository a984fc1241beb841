package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 junk connections against a node in a child process ({@link JunkLogVictimMain}) whose log
 * is measured (issue 14): raw sockets closed at once or after some random bytes, secure sessions
 * that send a frame that is no message, and secure sessions that send a forged transport message
 * (one bit flipped), from a few loopback addresses. Every failure is one an unauthenticated remote causes; the node must write
 * at most one INFO line per kind per started minute and under 16 KiB of log in all.
 */
class JunkLogIT {
  private static final int CONNECTIONS = 10_000;
  private static final int JUNK_FRAMES = 200;
  private static final int FORGED = 200;
  private static final int RAW = CONNECTIONS - JUNK_FRAMES - FORGED;
  private static final long LOG_LIMIT = 16 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(300)
  void tenThousandJunkConnections_atMostOneInfoLinePerKindPerStartedMinute_under16KiB(
      @TempDir Path dir) throws Exception {
    Path log = dir.resolve("victim.log");
    AtomicLongArray state = new AtomicLongArray(2); // inbound drops, open connections
    Child child = start(log, state);
    try {
      PeerAddress target = PeerAddress.of("127.0.0.1", child.port());
      long start = System.nanoTime();
      Random random = new Random(14);
      for (int i = 0; i < RAW; i++) {
        try (Socket socket = WirePeer.rawSocket(target, loopback(2 + i % 4))) {
          if (i % 2 == 0) {
            byte[] junk = new byte[1 + random.nextInt(200)];
            random.nextBytes(junk);
            socket.getOutputStream().write(junk);
          }
        }
      }
      // All of 127/8 is one net group: the raw sockets still pending at the node would hold the
      // group's share of the handshake slots, so let it drop them all first.
      awaitDropped(state, RAW);
      for (int i = 0; i < JUNK_FRAMES + FORGED; i++) {
        try (WirePeer peer = WirePeer.secure(target, WirePeer.Keys.fresh(), loopback(6 + i % 2))) {
          byte[] junk = new byte[64];
          random.nextBytes(junk);
          if (i < JUNK_FRAMES) {
            peer.sendFrame(junk); // a frame that is no message: the peer handshake fails
          } else {
            // A whole transport message with one bit flipped: it does not authenticate.
            byte[] forged = peer.seal(junk);
            forged[forged.length - 1] ^= 1;
            peer.sendWire(forged);
          }
          peer.awaitEnd(Duration.ofSeconds(5));
        }
      }
      awaitDropped(state, RAW);
      Thread.sleep(300); // the last lines reach the file
      long elapsed = System.nanoTime() - start;
      long startedMinutes = TimeUnit.NANOSECONDS.toMinutes(elapsed) + 1;

      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      Map<String, Integer> infoPerKind = new TreeMap<>();
      for (String line : lines) {
        if (line.contains(" INFO ")) {
          infoPerKind.merge(kind(line), 1, Integer::sum);
        }
      }
      long size = Files.size(log);
      System.out.printf("JunkLogIT: %d connections in %.1f s, %d bytes of log, INFO lines per"
          + " kind %s%n", CONNECTIONS, elapsed / 1e9, size,
          infoPerKind.size() <= 12 ? infoPerKind : infoPerKind.size() + " kinds");
      String all = String.join("\n", lines);
      for (Map.Entry<String, Integer> kind : infoPerKind.entrySet()) {
        assertTrue(kind.getValue() <= startedMinutes, kind + " in " + startedMinutes
            + " started minutes:\n" + all.substring(0, Math.min(all.length(), 4000)));
      }
      assertTrue(size < LOG_LIMIT, size + " bytes of log:\n" + all.substring(0,
          Math.min(all.length(), 4000)));
      // Summarised, not silenced: each layer's failures are on record.
      for (String kind : List.of(TcpTransport.INBOUND_FAILED, TcpTransport.AUTHENTICATION_FAILED,
          "inbound peer handshakes failed")) {
        assertTrue(infoPerKind.containsKey(kind), "no summary of " + kind + ": " + infoPerKind);
      }
    } finally {
      child.process().destroy();
      if (!child.process().waitFor(10, TimeUnit.SECONDS)) {
        child.process().destroyForcibly();
      }
    }
  }

  /** Waits until the node has dropped {@code raw} sockets and holds no connection. */
  private static void awaitDropped(AtomicLongArray state, int raw) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(state.get(0) >= raw && state.get(1) == 0) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(state.get(0) >= raw && state.get(1) == 0,
        "the node did not drop everything: " + state);
  }

  /** The kind of a summary line: its message up to the first colon. */
  private static String kind(String line) {
    String message = line.substring(line.indexOf(" - ") + 3);
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(0, colon);
  }

  private static InetAddress loopback(int lastOctet) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
  }

  private record Child(Process process, int port) {}

  /**
   * Starts the node logging to {@code log} as {@code elo} does (INFO, time, short logger name);
   * returns once it listens, then keeps {@code state} (drops, open connections) current.
   */
  private static Child start(Path log, AtomicLongArray state) throws Exception {
    ChildJvm.Started started =
        ChildJvm.start(
            List.of(
                "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.logFile=" + log,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.showThreadName=false",
                "-Dorg.slf4j.simpleLogger.showShortLogName=true",
                "-Dorg.slf4j.simpleLogger.levelInBrackets=false"),
            JunkLogVictimMain.class,
            List.of(),
            "READY ",
            WAIT,
            line -> {
              if (line.startsWith("STATE ")) {
                String[] f = line.split(" ");
                state.set(0, Long.parseLong(f[1]));
                state.set(1, Long.parseLong(f[2]));
              }
            });
    return new Child(started.process(), Integer.parseInt(started.readyLine().substring(6).trim()));
  }
}
