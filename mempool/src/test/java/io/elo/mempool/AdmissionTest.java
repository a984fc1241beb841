package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.InvalidReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  @Test
  void submit_acceptsAValidTransaction_withItsFee() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction tx = tx(f.fund(), 5_000, 2);

    AdmissionResult result = f.submit(tx);

    assertEquals(
        new AdmissionResult.Accepted(tx.txid(), Amount.ofAtoms(5_000), List.of(), List.of()),
        result);
    assertTrue(f.pool.contains(tx.txid()));
    assertEquals(tx.size(), f.pool.bytes());
    assertEquals(Optional.of(tx), f.pool.transactionByWtxid(tx.wtxid()));
  }

  @Test
  void submit_answersAlreadyKnown_forTheSameTransactionAgain() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction tx = tx(f.fund(), 5_000, 1);
    f.submit(tx);

    assertEquals(new AdmissionResult.AlreadyKnown(tx.txid()), f.submit(tx));
  }

  @Test
  void submit_rejectsACoinbase_withPenalty() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction coinbase = f.tip.transactions().get(0);

    AdmissionResult.Rejected r = assertInstanceOf(AdmissionResult.Rejected.class, f.submit(coinbase));

    assertEquals(Optional.of(InvalidReason.UNEXPECTED_COINBASE), r.invalidReason());
    assertTrue(r.penalize());
  }

  @Test
  void submit_rejectsALowFee_withoutPenalty() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction cheap = tx(f.fund(), 10, 1); // far below 1 atom per byte

    AdmissionResult.Rejected r = assertInstanceOf(AdmissionResult.Rejected.class, f.submit(cheap));

    assertEquals(RejectReason.FEE_TOO_LOW, r.reason());
    assertFalse(r.penalize());
    assertEquals(0, f.pool.size());
  }

  @Test
  void submit_rejectsABadSignature_withPenalty_thenRemembersIt() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction good = tx(f.fund(), 5_000, 1);
    TxInput in = good.inputs().get(0);
    byte[] signature = in.signature();
    signature[5] ^= 1;
    Transaction bad =
        Transaction.of(
            good.version(),
            List.of(in.withWitness(in.schemeId(), in.publicKey(), signature)),
            good.outputs(),
            good.lockTime());

    AdmissionResult.Rejected r = assertInstanceOf(AdmissionResult.Rejected.class, f.submit(bad));
    assertEquals(Optional.of(InvalidReason.BAD_SIGNATURE), r.invalidReason());
    assertTrue(r.penalize());

    AdmissionResult.Rejected again =
        assertInstanceOf(AdmissionResult.Rejected.class, f.submit(bad));
    assertEquals(RejectReason.RECENTLY_REJECTED, again.reason());
    assertFalse(again.penalize());
    assertTrue(f.submit(good).isAccepted(), "the real transaction (same txid) is not blocked");
  }

  @Test
  void submit_rejectsAnOverspend_withPenalty() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    Transaction overspend =
        tx(List.of(new PoolFixture.Utxo(fund.outPoint(), fund.amount().plus(Amount.ofAtoms(9)))),
            1, 1);

    AdmissionResult.Rejected r =
        assertInstanceOf(AdmissionResult.Rejected.class, f.submit(overspend));

    assertEquals(RejectReason.INVALID, r.reason());
    assertTrue(r.penalize(), r.toString());
  }

  @Test
  void submit_rejectsTooLarge_asPolicy() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.builder().maxTransactionSize(150).build());

    AdmissionResult.Rejected r =
        assertInstanceOf(AdmissionResult.Rejected.class, f.submit(tx(f.fund(), 5_000, 3)));

    assertEquals(RejectReason.TOO_LARGE, r.reason());
    assertFalse(r.penalize());
  }

  @Test
  void submit_acceptsAChildOfAPoolTransaction_andKeepsPackageFigures() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Transaction parent = tx(f.fund(), 1_000, 2);
    Transaction child = tx(out(parent, 0), 9_000, 1);

    assertTrue(f.submit(parent).isAccepted());
    assertTrue(f.submit(child).isAccepted());

    MempoolEntry p = f.pool.entry(parent.txid()).orElseThrow();
    MempoolEntry c = f.pool.entry(child.txid()).orElseThrow();
    assertEquals(2, p.descendantCount());
    assertEquals(Amount.ofAtoms(10_000), p.descendantFees());
    assertEquals(2, c.ancestorCount());
    assertEquals(parent.size() + child.size(), c.ancestorBytes());
    assertEquals(List.of(parent, child), transactions(f.pool.entries()));
  }

  @Test
  void submit_refusesADoubleSpendThatPaysNoMore() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    assertTrue(f.submit(tx(fund, 5_000, 1)).isAccepted());

    AdmissionResult.Rejected r =
        assertInstanceOf(AdmissionResult.Rejected.class, f.submit(tx(fund, 5_000, 2)));

    assertFalse(r.penalize());
    assertEquals(1, f.pool.size());
  }

  static List<Transaction> transactions(List<MempoolEntry> entries) {
    List<Transaction> txs = new ArrayList<>();
    for (MempoolEntry e : entries) {
      txs.add(e.transaction());
    }
    return txs;
  }
}
