package io.elo.mempool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.validation.ChainStates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 loses nothing accepted: a child JVM ({@link JournalChild}) accepts transactions and is
 * killed with SIGKILL at a random moment; every transaction it reported accepted is in the pool
 * reloaded from its journal. Several rounds share one directory, so each also reloads the last.
 */
class DurabilityIT {
  private static final int ROUNDS = 4;

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void everyReportedAcceptance_survivesSigkill() throws Exception {
    Random random = new Random(20_240_601L);
    List<Hash> reported = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Hash> accepted = new CopyOnWriteArrayList<>();
      Process child = start(round);
      Thread reader = new Thread(() -> read(child, accepted));
      reader.start();
      int killAfter = 5 + random.nextInt(150);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (accepted.size() < killAfter && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      Thread.sleep(random.nextInt(20));
      child.destroyForcibly(); // SIGKILL on Unix
      child.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
      assertTrue(!accepted.isEmpty(), "round " + round + " accepted nothing");
      reported.addAll(accepted);

      PoolFixture f =
          PoolFixture.create(JournalChild.FUNDS, MempoolPolicy.defaults(), ChainStates.DIRECT, dir);
      for (Hash txid : reported) {
        // The child never mines, so "in the chain" cannot apply: each must be in the pool.
        assertTrue(f.pool.contains(txid), "round " + round + ": lost accepted " + txid);
      }
      f.pool.close();
    }
  }

  private Process start(int round) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:+ExitOnOutOfMemoryError", // as a node runs
            "-cp",
            classpath,
            JournalChild.class.getName(),
            dir.toString(),
            "" + round)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void read(Process child, List<Hash> accepted) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("A ")) {
          accepted.add(Hash.fromHex(line.substring(2)));
        }
      }
    } catch (java.io.IOException e) {
      // the child was killed mid-line: what was read completely counts
    }
  }
}
