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

/**
 * Issue 9, split and rejoin over separate processes: six devnet nodes, every one mining (one
 * thread), cut 3/3; both sides mine and take transactions through their REST APIs; links restored
 * (with mining paused meanwhile): one tip everywhere within 30 s; mining resumed: every transaction
 * either side accepted mined on the final chain, and identical UTXO digests.
 *
 * <p>Funding: side A's nodes mine to wallet A, side B's to wallet B, all along. Before the split
 * each wallet has a mature coin (devnet maturity 20) and splits it into many. Coinbases mined
 * before the split are on both chains at the same heights, so they mature alike on both; one mined
 * on one side during the split would need 20 blocks on that side to mature, and the generators
 * stop before either side has mined {@link #MAX_SIDE_BLOCKS}. So every spend either side accepts
 * stays valid on the winning chain.
 */
class SplitRejoinHarnessIT {
  private static final int NODES = 6;
  private static final double TPS_PER_SIDE = 5;
  private static final Duration MIN_SPLIT = Duration.ofSeconds(20);
  private static final Duration MAX_SPLIT = Duration.ofSeconds(150);
  /** New blocks each side should have mined before the links are restored. */
  private static final int SIDE_BLOCKS = 2;
  /** The split ends once a side has mined this many blocks: below the coinbase maturity (20). */
  private static final int MAX_SIDE_BLOCKS = 12;
  /**
   * Independent coins per wallet before the split. After the reorg the losing side's mined
   * transactions are unconfirmed again, all at once; the mempool takes back only chains within its
   * ancestor and descendant limits (25), so the generator's trees must stay small: about 100 to
   * 150 transactions a side spread over 40 roots.
   */
  private static final int COINS_PER_WALLET = 40;

  @Test
  @Timeout(900)
  void split3v3_bothSidesMineAndTakeTransactions_rejoin_oneTipSameUtxos_allMined()
      throws Exception {
    Path dir = Harness.workDirectory("split-rejoin");
    long t0 = System.nanoTime();
    SecureRandom random = new SecureRandom();
    KeyPair walletA = SignatureSchemes.ED25519.generateKeyPair(random);
    KeyPair walletB = SignatureSchemes.ED25519.generateKeyPair(random);
    Address addressA = Address.fromPublicKey(walletA.publicKey());
    Address addressB = Address.fromPublicKey(walletB.publicKey());
    try (Harness h = Harness.create(dir, NODES, Harness.Chain.devnet(1))) {
      HarnessChecks checks = new HarnessChecks(h);
      for (int i = 0; i < NODES; i++) {
        h.start(i, i < 3 ? addressA : addressB, List.of("--wait-for-peers", "2"));
      }
      checks.awaitUp(Duration.ofSeconds(60));
      NetworkInfo net = NetworkInfo.fetch(h.rest(0));
      FanOut.split(h, checks, net, List.of(walletA, walletB), COINS_PER_WALLET);
      Optional<Duration> before = checks.awaitOneTip(checks.all(), Duration.ofSeconds(30));
      assertTrue(before.isPresent(), "no common tip before the split: " + checks.describe());
      System.out.printf("wallets funded and split at height %d (%.1f s in)%n", checks.height(0),
          (System.nanoTime() - t0) / 1e9);

      for (int i = 0; i < 3; i++) {
        for (int j = 3; j < NODES; j++) {
          h.cut(i, j);
        }
      }
      int splitHeight = checks.height(0);
      long splitStart = System.nanoTime();
      System.out.printf("split at height %d (%s, %.1f s in)%n", splitHeight, h.kind(),
          (splitStart - t0) / 1e9);
      TxGenerator genA = generator(h, List.of(0, 1, 2), walletA, net);
      TxGenerator genB = generator(h, List.of(3, 4, 5), walletB, net);
      // Mining is random: the split lasts at least MIN_SPLIT and until each side has mined
      // SIDE_BLOCKS blocks, but ends before a side mines MAX_SIDE_BLOCKS (see the class comment).
      while (true) {
        int a = checks.height(0) - splitHeight;
        int b = checks.height(3) - splitHeight;
        long elapsed = System.nanoTime() - splitStart;
        if (Math.max(a, b) >= MAX_SIDE_BLOCKS || elapsed > MAX_SPLIT.toNanos()
            || (elapsed > MIN_SPLIT.toNanos() && Math.min(a, b) >= SIDE_BLOCKS)) {
          break;
        }
        Thread.sleep(250);
      }
      genA.stop();
      genB.stop();
      // Mining pauses while the links come back: on two loaded cores a block every second or two
      // and propagation of about as long leave no instant with one tip everywhere while miners
      // race on. It resumes below to mine the losing side's transactions.
      checks.production(false);
      List<String> tipsSplit = checks.tips();
      System.out.printf("before restore, mining paused (%.1f s split): %s%n",
          (System.nanoTime() - splitStart) / 1e9, tipsSplit);
      assertTrue(checks.height(0) > splitHeight, "side A mined nothing: " + tipsSplit);
      assertTrue(checks.height(3) > splitHeight, "side B mined nothing: " + tipsSplit);
      String tipA = checks.tip(0);
      String tipB = checks.tip(3);
      assertNotEquals(tipA, tipB, "the cut did not split: " + tipsSplit);
      assertTrue(genA.acceptedCount() > 0 && genB.acceptedCount() > 0,
          "accepted A " + genA.acceptedCount() + " (" + genA.state() + ", " + genA.lastProblem()
              + "), B " + genB.acceptedCount() + " (" + genB.state() + ", " + genB.lastProblem()
              + ")");
      Set<Hash> minedOnA = checks.minedAbove(0, splitHeight);
      Set<Hash> minedOnB = checks.minedAbove(3, splitHeight);
      long minedA = genA.accepted().stream().filter(minedOnA::contains).count();
      long minedB = genB.accepted().stream().filter(minedOnB::contains).count();
      System.out.printf("during the split: side A accepted %d (mined there %d), side B accepted"
          + " %d (mined there %d)%n", genA.acceptedCount(), minedA, genB.acceptedCount(), minedB);

      h.restoreAll();
      Optional<Duration> converged = checks.awaitOneTip(checks.all(), Duration.ofSeconds(30));
      assertTrue(converged.isPresent(), "no single tip 30 s after restore: " + checks.describe());
      String winner = checks.tip(0);
      System.out.printf("one tip everywhere %.1f s after restore (height %d)%n",
          converged.get().toMillis() / 1e3, checks.height(0));
      String losing = isOnBestChain(h, tipA) ? "B" : "A";
      checks.production(true);

      List<Hash> accepted = new ArrayList<>(genA.accepted());
      accepted.addAll(genB.accepted());
      Set<Hash> left = checks.unconfirmed(0, accepted, Duration.ofSeconds(90));
      long leftA = left.stream().filter(genA.accepted()::contains).count();
      long leftMined =
          left.stream().filter(t -> minedOnA.contains(t) || minedOnB.contains(t)).count();
      assertTrue(left.isEmpty(),
          left.size() + " of " + accepted.size() + " accepted transactions not mined (" + leftA
              + " from side A, " + (left.size() - leftA) + " from side B; " + leftMined
              + " of them had been mined on their side; A tip " + tipA
              + ", B tip " + tipB + ", winner " + winner + ", now " + checks.describe() + "):"
              + checks.whereabouts(left));

      checks.production(false);
      List<String> digests = checks.digests(Duration.ofSeconds(30));
      assertEquals(1, digests.stream().distinct().count(), "UTXO digests differ: " + digests);
      System.out.printf(
          "RESULT split-rejoin %s: PASS converged=%.1fs accepted A=%d B=%d all mined; losing side"
              + " %s; digest %s; %.1f s total%n",
          h.kind(), converged.get().toMillis() / 1e3, genA.acceptedCount(),
          genB.acceptedCount(), losing, digests.get(0), (System.nanoTime() - t0) / 1e9);
    }
  }

  private static boolean isOnBestChain(Harness h, String block) {
    RestClient.Reply r = h.rest(0).get("/api/v1/blocks/" + block);
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
