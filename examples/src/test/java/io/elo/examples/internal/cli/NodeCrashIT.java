package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 over real processes: a node killed with SIGKILL in the middle of its initial sync
 * restarts from its MapDB data (not from genesis) and catches up with its peer.
 */
class NodeCrashIT {
  private static final int CHAIN = 800;

  @Test
  @Timeout(400)
  void nodeKilledMidSync_restartsFromItsData_andCatchesUp(@TempDir Path dir) throws Exception {
    int[] ports = freePorts(4);
    String reward =
        Address.fromPublicKey(
                SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).publicKey())
            .toText("elor");
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    try (EloProcess miner =
        EloProcess.start(dir.resolve("a.out"), "node", "--network", "regtest", "--datadir",
            a.toString(), "--listen", "127.0.0.1:" + ports[0], "--rest", "127.0.0.1:" + ports[1],
            "--mine", "--reward", reward)) {
      RestClient restA = new RestClient(URI.create("http://127.0.0.1:" + ports[1]));
      int height = awaitHeight(restA, CHAIN, miner, Duration.ofSeconds(240));
      String token = Files.readString(a.resolve("api.token"), StandardCharsets.US_ASCII).trim();
      com.google.gson.JsonObject off = new com.google.gson.JsonObject();
      off.addProperty("producing", false);
      new RestClient(restA.base(), Duration.ofSeconds(5), Optional.of(token))
          .post("/api/v1/admin/block-production", off);
      Thread.sleep(500);
      height = restA.getOk("/api/v1/status").get("height").getAsInt();

      String[] syncer = {"node", "--network", "regtest", "--datadir", b.toString(), "--listen",
          "127.0.0.1:" + ports[2], "--rest", "127.0.0.1:" + ports[3], "--peer",
          "127.0.0.1:" + ports[0], "--progress-interval", "1s"};
      RestClient restB = new RestClient(URI.create("http://127.0.0.1:" + ports[3]));
      int killedAt;
      try (EloProcess first = EloProcess.start(dir.resolve("b1.out"), syncer)) {
        killedAt = awaitHeight(restB, 50, first, Duration.ofSeconds(120));
        first.process.destroyForcibly().waitFor(); // SIGKILL, mid-sync
      }
      assertTrue(killedAt < height, "killed at " + killedAt + " of " + height + ": not mid-sync");
      try (EloProcess second = EloProcess.start(dir.resolve("b2.out"), syncer)) {
        awaitHeight(restB, height, second, Duration.ofSeconds(180));
        assertEquals(
            restA.getOk("/api/v1/status").get("tipHash").getAsString(),
            restB.getOk("/api/v1/status").get("tipHash").getAsString());
        List<Integer> starts = EloProcess.startHeights(dir.resolve("b2.out"));
        assertEquals(1, starts.size(), second.output());
        assertTrue(
            starts.get(0) > 0,
            "restarted from genesis instead of its data (killed at " + killedAt + ")");
      }
    }
  }

  private static int awaitHeight(RestClient rest, int target, EloProcess process, Duration max)
      throws Exception {
    long deadline = System.currentTimeMillis() + max.toMillis();
    while (System.currentTimeMillis() < deadline) {
      if (!process.process.isAlive()) {
        throw new AssertionError("node exited:\n" + process.output());
      }
      try {
        int h = rest.getOk("/api/v1/status").get("height").getAsInt();
        if (h >= target) {
          return h;
        }
      } catch (UserException e) {
        // not answering yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("height " + target + " not reached in " + max + ":\n"
        + process.output());
  }

  private static int[] freePorts(int count) throws Exception {
    int[] ports = new int[count];
    List<java.net.ServerSocket> sockets = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
            java.net.InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (java.net.ServerSocket s : sockets) {
        s.close();
      }
    }
    return ports;
  }
}
