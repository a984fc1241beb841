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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, crash under load over separate processes: six PoA signers (1 s spacing) seal blocks
 * while generators offer 200 transactions per second in total through every node's REST API for
 * 60 s; meanwhile one node at a time is SIGKILLed at a random moment and restarted 2 to 4 s later.
 * Afterwards every node has the same tip and UTXO digest, and every transaction a REST API
 * reported accepted is mined.
 *
 * <p>One generator submits one transaction at a time, so the offered load is spread over {@link
 * #GENERATORS} generators, each with its own wallet (funded by a fan-out from the signers' reward
 * wallets), pacing at 200 / GENERATORS per second. What the nodes accept on a loaded machine is
 * printed; the assertions are on the accepted transactions.
 */
class CrashUnderLoadHarnessIT {
  private static final int NODES = 6;
  private static final double TPS = 200;
  private static final int GENERATORS = 24;
  private static final Duration LOAD = Duration.ofSeconds(60);
  /** Kills at least this many: the load runs on past {@link #LOAD} until they happened. */
  private static final int KILLS = 5;

  @Test
  @Timeout(900)
  void randomSigkillsUnderLoad_nodesRejoin_sameUtxos_everyAcceptedTransactionMined()
      throws Exception {
    Path dir = Harness.workDirectory("crash-under-load");
    long t0 = System.nanoTime();
    SecureRandom secure = new SecureRandom();
    Random random = new Random(secure.nextLong());
    List<KeyPair> signerWallets = new ArrayList<>();
    List<Address> rewards = new ArrayList<>();
    List<String> extra = List.of("--wait-for-peers", "2");
    try (Harness h = Harness.create(dir, NODES, Harness.Chain.poa(1))) {
      HarnessChecks checks = new HarnessChecks(h);
      for (int i = 0; i < NODES; i++) {
        signerWallets.add(SignatureSchemes.ED25519.generateKeyPair(secure));
        rewards.add(Address.fromPublicKey(signerWallets.get(i).publicKey()));
        h.start(i, rewards.get(i), extra);
      }
      checks.awaitUp(Duration.ofSeconds(120));
      NetworkInfo net = NetworkInfo.fetch(h.rest(0));
      List<KeyPair> wallets =
          FanOut.fund(h, checks, net, signerWallets, GENERATORS / NODES, 4, secure);
      System.out.printf("%d generator wallets funded at height %d (%.1f s in)%n", wallets.size(),
          checks.height(0), (System.nanoTime() - t0) / 1e9);

      List<TxGenerator> generators = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int g = 0; g < wallets.size(); g++) {
        // Rotated so that the generators' coin refreshes (always their first node) spread out.
        List<RestClient> clients = new ArrayList<>();
        for (int k = 0; k < NODES; k++) {
          clients.add(h.rest((g + k) % NODES));
        }
        TxGenerator generator = new TxGenerator(clients, List.of(wallets.get(g)), net,
            TPS / wallets.size(), new Random(random.nextLong()));
        Thread thread = new Thread(generator, "generator-" + g);
        thread.setDaemon(true);
        generators.add(generator);
        threads.add(thread);
      }
      long loadStart = System.nanoTime();
      threads.forEach(Thread::start);
      int kills = 0;
      List<String> killLog = new ArrayList<>();
      // A kill cycle's length depends on how fast a node restarts on this machine, so the count,
      // not the clock alone, ends the load.
      while (System.nanoTime() - loadStart < LOAD.toNanos() || kills < KILLS) {
        Thread.sleep(3_000 + random.nextInt(5_000));
        int victim = random.nextInt(NODES);
        killLog.add(String.format("%.1fs n%d@%d", (System.nanoTime() - loadStart) / 1e9,
            victim + 1, checks.height(victim)));
        h.kill(victim);
        kills++;
        Thread.sleep(2_000 + random.nextInt(2_000));
        h.start(victim, rewards.get(victim), extra);
      }
      generators.forEach(TxGenerator::stop);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
      double seconds = (System.nanoTime() - loadStart) / 1e9;
      long submitted = generators.stream().mapToLong(TxGenerator::submitted).sum();
      long rejected = generators.stream().mapToLong(TxGenerator::rejected).sum();
      long failed = generators.stream().mapToLong(TxGenerator::failed).sum();
      List<Hash> accepted = new ArrayList<>();
      generators.forEach(g -> accepted.addAll(g.accepted()));
      System.out.printf(
          "load %.0f s on %s, offered %.0f tx/s by %d generators: submitted %d (%.1f/s),"
              + " accepted %d (%.1f/s), rejected %d, failed %d; %d SIGKILLs: %s%n",
          seconds, h.kind(), TPS, generators.size(), submitted, submitted / seconds,
          accepted.size(), accepted.size() / seconds, rejected, failed, kills, killLog);
      Map<String, Long> problems = new TreeMap<>();
      generators.forEach(g -> g.problems().forEach((k, v) -> problems.merge(k, v, Long::sum)));
      System.out.println("not accepted, by kind: " + problems);

      checks.awaitUp(Duration.ofSeconds(120));
      Optional<Duration> one = checks.awaitOneTip(checks.all(), Duration.ofSeconds(120));
      assertTrue(one.isPresent(), "no common tip after the load: " + checks.describe());
      Set<Hash> left = checks.unconfirmed(0, accepted, Duration.ofSeconds(180));
      StringBuilder where = new StringBuilder();
      left.stream().limit(20).forEach(txid -> generators.stream()
          .map(g -> g.acceptedWhere(txid)).filter(w -> w != null).findFirst()
          .ifPresent(w -> where.append("\n").append(txid.toHex(), 0, 16).append(" accepted by ")
              .append(w)));
      assertTrue(left.isEmpty(),
          left.size() + " of " + accepted.size() + " accepted transactions not mined:"
              + checks.whereabouts(left) + where + "\nkills: " + killLog);
      checks.production(false);
      List<String> digests = checks.digests(Duration.ofSeconds(60));
      assertEquals(1, digests.stream().distinct().count(), "UTXO digests differ: " + digests);
      assertTrue(accepted.size() >= LOAD.toSeconds(),
          "under one accepted transaction per second: " + accepted.size());
      System.out.printf(
          "RESULT crash-under-load %s: PASS kills=%d offered=%.0f/s submitted=%.1f/s"
              + " accepted=%d (%.1f/s) all mined, one tip %s, digest %s; %.1f s total%n",
          h.kind(), kills, TPS, submitted / seconds, accepted.size(), accepted.size() / seconds,
          checks.tips().get(0), digests.get(0), (System.nanoTime() - t0) / 1e9);
    }
  }
}
