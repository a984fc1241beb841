package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, crash under load over separate processes: six PoA signers (1 s spacing) seal blocks
 * while a generator submits transactions at 200 per second through every node's REST API for 60
 * s; meanwhile one node at a time is SIGKILLed at a random moment and restarted 2 to 4 s later.
 * Afterwards every node has the same tip and UTXO digest, and every transaction a REST API
 * reported accepted is mined.
 */
class CrashUnderLoadHarnessIT {
  private static final int NODES = 6;
  private static final double TPS = 200;
  private static final Duration LOAD = Duration.ofSeconds(60);

  @Test
  @Timeout(900)
  void randomSigkillsUnderLoad_nodesRejoin_sameUtxos_everyAcceptedTransactionMined(
      @TempDir Path dir) throws Exception {
    long t0 = System.nanoTime();
    SecureRandom secure = new SecureRandom();
    Random random = new Random(secure.nextLong());
    List<KeyPair> wallets = new ArrayList<>();
    List<List<String>> args = new ArrayList<>();
    try (Harness h = Harness.create(dir, NODES, 1)) {
      HarnessChecks checks = new HarnessChecks(h);
      for (int i = 0; i < NODES; i++) {
        wallets.add(SignatureSchemes.ED25519.generateKeyPair(secure));
        args.add(List.of("--reward",
            Address.fromPublicKey(wallets.get(i).publicKey()).toText("elop"),
            "--wait-for-peers", "2"));
        h.start(i, args.get(i));
      }
      checks.awaitUp(Duration.ofSeconds(120));
      checks.awaitHeight(0, 24, Duration.ofSeconds(240));
      List<RestClient> clients = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        clients.add(h.rest(i));
      }
      TxGenerator generator =
          new TxGenerator(clients, wallets, NetworkInfo.fetch(h.rest(0)), TPS, random);
      Thread thread = new Thread(generator, "generator");
      thread.setDaemon(true);
      long loadStart = System.nanoTime();
      thread.start();
      int kills = 0;
      List<String> killLog = new ArrayList<>();
      while (System.nanoTime() - loadStart < LOAD.toNanos()) {
        Thread.sleep(3_000 + random.nextInt(5_000));
        int victim = random.nextInt(NODES);
        killLog.add(String.format("%.1fs n%d@%d", (System.nanoTime() - loadStart) / 1e9,
            victim + 1, checks.height(victim)));
        h.kill(victim);
        kills++;
        Thread.sleep(2_000 + random.nextInt(2_000));
        h.start(victim, args.get(victim));
      }
      generator.stop();
      thread.join(10_000);
      double seconds = (System.nanoTime() - loadStart) / 1e9;
      System.out.printf(
          "load %.0f s on %s: submitted %d (%.0f/s), accepted %d, rejected %d, failed %d;"
              + " %d SIGKILLs: %s%n",
          seconds, h.kind(), generator.submitted(), generator.submitted() / seconds,
          generator.acceptedCount(), generator.rejected(), generator.failed(), kills, killLog);

      checks.awaitUp(Duration.ofSeconds(120));
      Optional<Duration> one = checks.awaitOneTip(checks.all(), Duration.ofSeconds(120));
      assertTrue(one.isPresent(), "no common tip after the load: " + checks.describe());
      List<Hash> accepted = generator.accepted();
      Set<Hash> left = checks.unconfirmed(0, accepted, Duration.ofSeconds(180));
      assertTrue(left.isEmpty(),
          left.size() + " of " + accepted.size() + " accepted transactions not mined:"
              + checks.whereabouts(left));
      checks.production(false);
      List<String> digests = checks.digests(Duration.ofSeconds(60));
      assertEquals(1, digests.stream().distinct().count(), "UTXO digests differ: " + digests);
      assertTrue(kills >= 5, "only " + kills + " kills");
      System.out.printf(
          "RESULT crash-under-load %s: PASS kills=%d accepted=%d all mined, one tip %s, digest"
              + " %s; %.1f s total%n",
          h.kind(), kills, accepted.size(), checks.tips().get(0), digests.get(0),
          (System.nanoTime() - t0) / 1e9);
    }
  }
}
