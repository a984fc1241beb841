package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Missing and spent inputs by origin, as in Bitcoin Core: a local submission is refused with
 * {@code MISSING_INPUTS}; a relayed one with unknown parents waits as an orphan.
 */
class MissingInputsTest {
  private static final SourceKey PEER = SourceKey.of("peer:1");

  private static AdmissionResult.Rejected missingInputs(AdmissionResult result) {
    return PoolFixture.assertRefused(RejectReason.MISSING_INPUTS, result);
  }

  @Test
  void unknownOutput_isMissingInputsLocally_andAnOrphanFromAPeer() throws Exception {
    PoolFixture f = PoolFixture.create(1, MempoolPolicy.defaults());
    OutPoint nowhere = OutPoint.of(Hash.sha256d(new byte[] {42}), 0);
    Transaction tx = tx(new PoolFixture.Utxo(nowhere, Amount.ofCoins(1)), 1_000, 1);

    missingInputs(f.pool.submit(tx, SourceKey.LOCAL));
    missingInputs(f.pool.submit(tx, SourceKey.local("rpc")));
    assertEquals(0, f.pool.orphanCount());

    AdmissionResult.Orphan orphan =
        assertInstanceOf(AdmissionResult.Orphan.class, f.pool.submit(tx, PEER));
    assertEquals(List.of(nowhere.txid()), orphan.missingParents());
    assertEquals(1, f.pool.orphanCount());
  }

  @Test
  void missingOutputIndexOfAMinedTransaction_isMissingInputsLocally_andAnOrphanFromAPeer()
      throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    OutPoint past = OutPoint.of(fund.outPoint().txid(), 2); // the funding coinbase has 2 outputs
    Transaction tx = tx(new PoolFixture.Utxo(past, fund.amount()), 1_000, 1);

    missingInputs(f.pool.submit(tx, SourceKey.LOCAL));
    assertEquals(0, f.pool.orphanCount());
    assertInstanceOf(AdmissionResult.Orphan.class, f.pool.submit(tx, PEER));
  }

  @Test
  void missingOutputIndexOfAPoolTransaction_isMissingInputsFromAnySource() throws Exception {
    PoolFixture f = PoolFixture.create(1, MempoolPolicy.defaults());
    Transaction parent = tx(f.fund(), 1_000, 1);
    assertTrue(f.pool.submit(parent, SourceKey.LOCAL).isAccepted());
    PoolFixture.Utxo past = new PoolFixture.Utxo(OutPoint.of(parent.txid(), 1), Amount.ofCoins(1));

    missingInputs(f.pool.submit(tx(past, 1_000, 1), SourceKey.LOCAL));
    missingInputs(f.pool.submit(tx(past, 2_000, 1), PEER));
    assertEquals(0, f.pool.orphanCount());
  }

  @Test
  void outputSpentByABlock_isMissingInputsFromAnySource() throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    f.mine(List.of(tx(fund, 5_000, 1)));

    AdmissionResult.Rejected local =
        missingInputs(f.pool.submit(tx(fund, 6_000, 2), SourceKey.LOCAL));
    assertTrue(local.message().contains(fund.outPoint().toString()), local.message());
    missingInputs(f.pool.submit(tx(fund, 7_000, 2), PEER));
    assertEquals(0, f.pool.orphanCount());
  }

  @Test
  void localChildBeforeItsParent_isRefused_andAcceptedOnceTheParentIsIn() throws Exception {
    PoolFixture f = PoolFixture.create(1, MempoolPolicy.defaults());
    Transaction parent = tx(f.fund(), 1_000, 1);
    Transaction child = tx(out(parent, 0), 1_000, 1);

    missingInputs(f.pool.submit(child, SourceKey.LOCAL));
    assertTrue(f.pool.submit(parent, SourceKey.LOCAL).isAccepted());

    // Not remembered as rejected: the submitter sent the parent, now the child gets in.
    assertTrue(f.pool.submit(child, SourceKey.LOCAL).isAccepted());
    assertEquals(2, f.pool.size());
  }

  @Test
  void sourceKeys_ofAndLocal_differ() {
    assertFalse(SourceKey.of("x").local());
    assertTrue(SourceKey.local("x").local());
    assertTrue(SourceKey.LOCAL.local());
    assertFalse(SourceKey.of("x").equals(SourceKey.local("x")));
    assertEquals("x", SourceKey.local("x").toString());
  }
}
