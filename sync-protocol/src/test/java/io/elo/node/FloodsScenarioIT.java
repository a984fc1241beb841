package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.mempool.AdmissionResult;
import io.elo.mempool.MempoolPolicy;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.sync.ScriptedPeer;
import io.elo.validation.TestChainBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: transaction floods against a victim with small pools. A peer relaying far
 * more valid transactions than the mempool holds never pushes it past its byte cap, and a
 * better-paying honest transaction still gets in; replacements follow the rules (a better one
 * replaces everywhere, a worse one pushed by a peer is refused without penalty). Peers pushing
 * orphans never push the orphan pool past its count; honest parents, children and a late parent
 * still resolve, and the attackers' orphans go with them.
 */
@Timeout(90)
class FloodsScenarioIT {
  private static final long MEMPOOL_BYTES = 40_000;
  private static final long EACH = 1_000_000; // FundedChain's output value

  private static Transaction spendFunding(FundedChain funded, int index, long fee) {
    Transaction coinbase = funded.funding().transactions().get(0);
    return funded
        .chain()
        .spend(
            coinbase,
            index,
            Amount.ofAtoms(EACH),
            TestChainBuilder.key(0),
            List.of(TxOutput.of(Amount.ofAtoms(EACH - fee), TxFixtures.address(2))));
  }

  /** Runs until {@code done}, checking {@code bound} every 100 ms of virtual time. */
  private static boolean runChecking(
      SimulatedNodes net, BooleanSupplier done, Runnable bound, Duration limit) {
    for (long t = 0; t < limit.toMillis(); t += 100) {
      bound.run();
      if (done.getAsBoolean()) {
        return true;
      }
      net.runFor(Duration.ofMillis(100));
    }
    bound.run();
    return done.getAsBoolean();
  }

  @Test
  void mempoolFlood_staysUnderTheByteCap_honestTransactionsGetIn_replacementsFollowTheRules() {
    FundedChain funded = new FundedChain(600);
    MempoolPolicy small = MempoolPolicy.defaults().toBuilder().maxBytes(MEMPOOL_BYTES).build();
    try (SimulatedNodes net =
        SimulatedNodes.create(951, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node victim = net.add(net.builder().mempoolPolicy(small));
      Node flooder = net.add();
      Node honest = net.add();
      net.connect(victim, flooder);
      net.connect(victim, honest);
      net.submit(honest, funded.funding());
      List<Node> all = List.of(victim, flooder, honest);
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(all), Duration.ofSeconds(10)));

      List<Transaction> flood = funded.nextTransactions(500); // 10,000 atoms fee each
      long floodBytes = 0;
      for (Transaction tx : flood) {
        TxFixtures.submit(flooder, tx);
        floodBytes += tx.size();
      }
      assertTrue(floodBytes > 2 * MEMPOOL_BYTES, "the flood is twice the cap");
      Runnable capHolds =
          () ->
              assertTrue(
                  victim.mempool().bytes() <= MEMPOOL_BYTES,
                  "mempool bytes " + victim.mempool().bytes());
      runChecking(net, () -> false, capHolds, Duration.ofSeconds(10));
      assertTrue(victim.mempoolSize() > 0 && victim.mempoolSize() < flood.size());
      assertTrue(flooder.mempoolSize() == flood.size(), "the flooder's own pool took them all");

      Transaction better = spendFunding(funded, 590, 100_000);
      TxFixtures.submit(honest, better);
      assertTrue(
          runChecking(
              net,
              () -> victim.mempool().contains(better.txid()),
              capHolds,
              Duration.ofSeconds(10)),
          "a better-paying honest transaction gets in despite the flood");

      Transaction first = spendFunding(funded, 591, 20_000);
      TxFixtures.submit(honest, first);
      assertTrue(
          runChecking(
              net,
              () -> victim.mempool().contains(first.txid()),
              capHolds,
              Duration.ofSeconds(10)));
      Transaction replacement = spendFunding(funded, 591, 60_000);
      AdmissionResult replaced = honest.submitTransaction(replacement);
      assertEquals(
          List.of(first.txid()),
          assertInstanceOf(AdmissionResult.Accepted.class, replaced).replaced());
      assertTrue(
          runChecking(
              net,
              () ->
                  victim.mempool().contains(replacement.txid())
                      && !victim.mempool().contains(first.txid())
                      && flooder.mempool().contains(replacement.txid()),
              capHolds,
              Duration.ofSeconds(10)),
          "the better replacement replaces everywhere");

      Transaction worse = spendFunding(funded, 591, 30_000); // less than the one in the pool
      ScriptedPeer pusher = TxFixtures.scriptedPeer(net, victim);
      pusher.sendRaw(TxFixtures.txMessage(worse));
      runChecking(net, () -> false, capHolds, Duration.ofSeconds(3));
      assertFalse(victim.mempool().contains(worse.txid()), "a worse replacement is refused");
      assertTrue(victim.mempool().contains(replacement.txid()));
      assertTrue(victim.network().peer(pusher.network().nodeId()).isPresent(), "policy: no drop");
      assertTrue(victim.network().bans().isEmpty());
      assertEquals(3, victim.peers().size(), "the flooder relayed valid transactions: kept");
    }
  }

  @Test
  void orphanFloodFromSeveralPeers_staysUnderTheOrphanBound_andHonestTransactionsResolve() {
    FundedChain funded = new FundedChain(20);
    MempoolPolicy small =
        MempoolPolicy.defaults().toBuilder()
            .orphanLimits(20, 1_000_000, 5, 100_000, Duration.ofMinutes(20))
            .build();
    try (SimulatedNodes net =
        SimulatedNodes.create(952, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node victim = net.add(net.builder().mempoolPolicy(small));
      Node honest = net.add();
      net.connect(victim, honest);
      net.submit(honest, funded.funding());
      assertTrue(
          net.runUntil(
              () -> SimulatedNodes.sameTip(List.of(victim, honest)), Duration.ofSeconds(10)));
      Runnable boundHolds =
          () ->
              assertTrue(
                  victim.mempool().orphanCount() <= small.maxOrphans(),
                  "orphans " + victim.mempool().orphanCount());

      List<ScriptedPeer> attackers = new ArrayList<>();
      int pushed = 0;
      for (int a = 0; a < 6; a++) {
        ScriptedPeer attacker = TxFixtures.scriptedPeer(net, victim);
        attackers.add(attacker);
        for (int i = 0; i < 16; i++) { // the unrequested-transaction burst
          Hash missing = Hash.sha256(ByteBuffer.allocate(8).putInt(a).putInt(i).array());
          attacker.sendRaw(
              TxFixtures.txMessage(
                  funded
                      .chain()
                      .spend(
                          List.of(OutPoint.of(missing, 0)),
                          List.of(Amount.ofAtoms(EACH)),
                          TestChainBuilder.key(0),
                          List.of(TxOutput.of(Amount.ofAtoms(EACH / 2), TxFixtures.address(3))))));
          pushed++;
        }
        runChecking(net, () -> false, boundHolds, Duration.ofMillis(500));
      }
      runChecking(net, () -> false, boundHolds, Duration.ofSeconds(3));
      assertTrue(pushed > 4 * small.maxOrphans(), "the flood is far past the bound");
      assertEquals(small.maxOrphans(), victim.mempool().orphanCount(), "full, never past");

      // A child pushed before its parent waits as an orphan (from a new source) and resolves.
      List<Transaction> honestTxs = funded.nextTransactions(2);
      Transaction lateParent = honestTxs.get(0);
      Transaction earlyChild = TxFixtures.child(funded.chain(), lateParent, 0);
      ScriptedPeer relay = TxFixtures.scriptedPeer(net, victim);
      relay.sendRaw(TxFixtures.txMessage(earlyChild));
      runChecking(net, () -> false, boundHolds, Duration.ofSeconds(1));
      TxFixtures.submit(honest, lateParent);
      Transaction parent = honestTxs.get(1);
      TxFixtures.submit(honest, parent);
      Transaction child = TxFixtures.child(funded.chain(), parent, 0);
      TxFixtures.submit(honest, child);
      assertTrue(
          runChecking(
              net,
              () ->
                  victim.mempool().contains(earlyChild.txid())
                      && victim.mempool().contains(child.txid()),
              boundHolds,
              Duration.ofSeconds(10)),
          "honest parents, children and a late parent resolve under the flood");
      assertEquals(4, victim.mempoolSize());

      attackers.forEach(a -> a.network().close());
      assertTrue(
          runChecking(
              net, () -> victim.mempool().orphanCount() == 0, boundHolds, Duration.ofSeconds(5)),
          "the attackers' orphans leave with them");
      assertTrue(victim.network().peer(honest.nodeId()).isPresent());
    }
  }
}
