package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.mempool.PoolFixture;
import io.elo.mempool.RejectReason;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.sync.ScriptedPeer;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's submission policy, like Bitcoin Core's: a transaction submitted through {@link
 * Node#submitTransaction} with missing or spent inputs is refused ({@code MISSING_INPUTS}), while
 * the same transaction relayed by a peer waits as an orphan; a transaction with a dust output is
 * refused from either side and never relayed, one just at the threshold goes everywhere.
 */
@Timeout(60)
class SubmissionPolicyIT {
  private static final long EACH = 1_000_000; // FundedChain's output value

  private static Transaction spending(FundedChain funded, OutPoint outPoint) {
    return funded.chain().spend(List.of(outPoint), List.of(Amount.ofAtoms(EACH)),
        TestChainBuilder.key(0),
        List.of(TxOutput.of(Amount.ofAtoms(EACH / 2), TxFixtures.address(2))));
  }

  @Test
  void missingOrSpentInputs_areRefusedLocally_butOrphansFromAPeer() {
    FundedChain funded = new FundedChain(4);
    try (SimulatedNodes net =
        SimulatedNodes.create(1401, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node node = net.add();
      net.submit(node, funded.funding());
      Transaction mined = funded.nextTransactions(1).get(0);
      net.submit(node, funded.blockOn(funded.funding(), List.of(mined)));
      Hash coinbase = funded.funding().transactions().get(0).txid();

      Transaction unknownOutput = spending(funded, OutPoint.of(Hash.sha256d(new byte[] {9}), 0));
      Transaction missingIndex = spending(funded, OutPoint.of(coinbase, 4)); // 4 outputs: 0..3
      Transaction spentOutput = spending(funded, mined.inputs().get(0).outPoint());
      for (Transaction tx : List.of(unknownOutput, missingIndex, spentOutput)) {
        PoolFixture.assertRefused(RejectReason.MISSING_INPUTS, node.submitTransaction(tx));
      }
      assertEquals(0, node.mempool().orphanCount());
      assertEquals(0, node.mempoolSize());

      ScriptedPeer peer = TxFixtures.scriptedPeer(net, node);
      peer.sendRaw(TxFixtures.txMessage(unknownOutput));
      peer.sendRaw(TxFixtures.txMessage(missingIndex));
      peer.sendRaw(TxFixtures.txMessage(spentOutput));
      assertTrue(net.runUntil(() -> node.mempool().orphanCount() == 2, Duration.ofSeconds(5)),
          "the unknown output and the missing index wait as orphans");
      net.runFor(Duration.ofSeconds(1));
      assertEquals(2, node.mempool().orphanCount(), "a spent output is no orphan");
      assertEquals(0, node.mempoolSize());
      assertTrue(node.network().peer(peer.network().nodeId()).isPresent(), "policy: no drop");
      assertTrue(node.network().bans().isEmpty());
    }
  }

  @Test
  void dustOutputs_areRefusedAndNeverRelayed_justAboveTheThresholdTravels() {
    FundedChain funded = new FundedChain(6);
    try (SimulatedNodes net =
        SimulatedNodes.create(1402, FundedChain.PARAMS, funded.chain().clockStart())) {
      Node origin = net.add();
      Node other = net.add();
      net.connect(origin, other);
      net.submit(origin, funded.funding());
      assertTrue(net.runUntil(() -> SimulatedNodes.sameTip(List.of(origin, other)),
          Duration.ofSeconds(10)));
      Amount threshold = origin.mempool().dustThreshold();
      assertEquals(Amount.ofAtoms(525), threshold);

      Transaction belowThreshold = funded.nextPaying(
          List.of(TxOutput.of(threshold.minus(Amount.ofAtoms(1)), TxFixtures.address(2))));
      Transaction zeroAmount =
          funded.nextPaying(List.of(TxOutput.of(Amount.ZERO, TxFixtures.address(2))));
      PoolFixture.assertRefused(RejectReason.DUST, origin.submitTransaction(belowThreshold));
      PoolFixture.assertRefused(RejectReason.DUST, origin.submitTransaction(zeroAmount));

      ScriptedPeer peer = TxFixtures.scriptedPeer(net, other);
      peer.sendRaw(TxFixtures.txMessage(zeroAmount));
      net.runFor(Duration.ofSeconds(5));
      assertEquals(0, origin.mempoolSize() + other.mempoolSize(), "refused on both sides");
      assertEquals(0, origin.relayStatus().transactionsReceived(), "nothing was relayed");
      assertTrue(other.network().peer(peer.network().nodeId()).isPresent(), "policy: no drop");

      Transaction atThreshold =
          funded.nextPaying(List.of(TxOutput.of(threshold, TxFixtures.address(2))));
      TxFixtures.submit(origin, atThreshold);
      assertTrue(net.runUntil(() -> other.mempool().contains(atThreshold.txid()),
          Duration.ofSeconds(10)), "a non-dust output is relayed");
    }
  }
}
