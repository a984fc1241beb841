package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Issue 9, split and rejoin over separate processes: six PoA signers (1 s spacing) cut 3/3, both
 * sides seal and take transactions, links restored: one tip everywhere within 30 s, identical UTXO
 * digests, and every transaction either side accepted mined. With six signers a side of three
 * seals three blocks and then waits (a signer seals at most one of every four blocks), so both
 * sides have blocks and losing-side transactions stay valid after the reorg (no losing-side
 * coinbase matures: maturity 20).
 */
class SplitRejoinHarnessIT {
  private static final int NODES = 6;
  private static final double TPS_PER_SIDE = 5;
  private static final int FUNDED_HEIGHT = 6;

  @Test
  @Timeout(600)
  void split3v3_bothSidesSealAndTakeTransactions_rejoin_oneTipSameUtxos_allMined(
      @TempDir Path dir) throws Exception {
    long t0 = System.nanoTime();
    SecureRandom random = new SecureRandom();
    KeyPair walletA = SignatureSchemes.ED25519.generateKeyPair(random);
    KeyPair walletB = SignatureSchemes.ED25519.generateKeyPair(random);
    try (Harness h = Harness.create(dir, NODES, 1)) {
      HarnessChecks checks = new HarnessChecks(h);
      for (int i = 0; i < NODES; i++) {
        KeyPair wallet = i < 3 ? walletA : walletB;
        h.start(i, List.of("--reward", Address.fromPublicKey(wallet.publicKey()).toText("elop"),
            "--wait-for-peers", "2"));
      }
      checks.awaitUp(Duration.ofSeconds(60));
      // The wallets get only the first blocks' rewards, all mature before the split; later
      // rewards go elsewhere, so no wallet coin matures on one side only during the split (a
      // losing-side spend of it would be immature on the winning chain and rightly dropped).
      checks.awaitHeight(0, FUNDED_HEIGHT, Duration.ofSeconds(120));
      String burn =
          Address.fromPublicKey(SignatureSchemes.ED25519.generateKeyPair(random).publicKey())
              .toText("elop");
      for (int i = 0; i < NODES; i++) {
        h.stop(i);
      }
      for (int i = 0; i < NODES; i++) {
        h.start(i, List.of("--reward", burn, "--wait-for-peers", "2"));
      }
      checks.awaitUp(Duration.ofSeconds(60));
      int funded = checks.height(0);
      checks.awaitHeight(0, funded + 22, Duration.ofSeconds(240));
      assertTrue(checks.awaitOneTip(checks.all(), Duration.ofSeconds(20)).isPresent(),
          "no common tip before the split: " + checks.describe());
      NetworkInfo net = NetworkInfo.fetch(h.rest(0));

      for (int i = 0; i < 3; i++) {
        for (int j = 3; j < NODES; j++) {
          h.cut(i, j);
        }
      }
      int splitHeight = checks.height(0);
      System.out.printf("split at height %d (%s, %.1f s in)%n", splitHeight, h.kind(),
          (System.nanoTime() - t0) / 1e9);
      TxGenerator genA = generator(h, List.of(0, 1, 2), walletA, net);
      TxGenerator genB = generator(h, List.of(3, 4, 5), walletB, net);
      Thread.sleep(20_000);
      genA.stop();
      genB.stop();
      Thread.sleep(500);
      List<String> tipsSplit = checks.tips();
      System.out.println("before restore: " + tipsSplit);
      assertTrue(checks.height(0) > splitHeight, "side A sealed nothing: " + tipsSplit);
      assertTrue(checks.height(3) > splitHeight, "side B sealed nothing: " + tipsSplit);
      assertNotEquals(checks.tip(0), checks.tip(3), "the cut did not split: " + tipsSplit);
      assertTrue(genA.acceptedCount() > 0 && genB.acceptedCount() > 0,
          "accepted A " + genA.acceptedCount() + " (" + genA.state() + "), B "
              + genB.acceptedCount() + " (" + genB.state() + ")");
      String tipA = checks.tip(0);
      String tipB = checks.tip(3);

      h.restoreAll();
      Optional<Duration> converged = checks.awaitOneTip(checks.all(), Duration.ofSeconds(30));
      assertTrue(converged.isPresent(), "no single tip 30 s after restore: " + checks.describe());
      String winner = checks.tip(0);
      System.out.printf("one tip everywhere %.1f s after restore (height %d)%n",
          converged.get().toMillis() / 1e3, checks.height(0));

      List<Hash> accepted = new ArrayList<>(genA.accepted());
      accepted.addAll(genB.accepted());
      Set<Hash> left = checks.unconfirmed(0, accepted, Duration.ofSeconds(60));
      long leftA = left.stream().filter(genA.accepted()::contains).count();
      assertTrue(left.isEmpty(),
          left.size() + " of " + accepted.size() + " accepted transactions not mined (" + leftA
              + " from side A, " + (left.size() - leftA) + " from side B; A tip " + tipA
              + ", B tip " + tipB + ", now " + checks.describe() + "):"
              + checks.whereabouts(left));

      checks.production(false);
      List<String> digests = checks.digests(Duration.ofSeconds(20));
      assertEquals(1, digests.stream().distinct().count(), "UTXO digests differ: " + digests);
      String losing = isAncestorOrEqual(h, tipA, winner) ? "B" : "A";
      System.out.printf(
          "RESULT split-rejoin %s: PASS converged=%.1fs accepted A=%d B=%d all mined; losing side"
              + " %s; digest %s; %.1f s total%n",
          h.kind(), converged.get().toMillis() / 1e3, genA.acceptedCount(),
          genB.acceptedCount(), losing, digests.get(0), (System.nanoTime() - t0) / 1e9);
      assertNotEquals(tipA, tipB);
    }
  }

  private static boolean isAncestorOrEqual(Harness h, String tip, String winner) {
    RestClient.Reply r = h.rest(0).get("/api/v1/blocks/" + tip);
    return r.ok() && r.body().get("bestChain").getAsBoolean();
  }

  private static TxGenerator generator(
      Harness h, List<Integer> nodes, KeyPair wallet, NetworkInfo net) {
    List<RestClient> clients = nodes.stream().map(h::rest).toList();
    TxGenerator g = new TxGenerator(clients, List.of(wallet), net, TPS_PER_SIDE, new Random());
    Thread t = new Thread(g, "generator");
    t.setDaemon(true);
    t.start();
    return g;
  }
}
