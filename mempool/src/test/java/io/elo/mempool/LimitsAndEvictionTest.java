package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ancestor and descendant limits, the byte cap, the rolling minimum fee and expiry. */
class LimitsAndEvictionTest {
  private static RejectReason rejection(AdmissionResult result) {
    return assertInstanceOf(AdmissionResult.Rejected.class, result).reason();
  }

  @Test
  void chainLongerThanTheAncestorLimit_isRefused() throws Exception {
    PoolFixture f =
        PoolFixture.create(2, MempoolPolicy.builder().ancestorLimits(3, 101_000).build());
    Transaction t = tx(f.fund(), 1_000, 1);
    assertTrue(f.submit(t).isAccepted());
    for (int i = 0; i < 2; i++) {
      t = tx(out(t, 0), 1_000, 1);
      assertTrue(f.submit(t).isAccepted());
    }

    assertEquals(RejectReason.TOO_MANY_ANCESTORS, rejection(f.submit(tx(out(t, 0), 1_000, 1))));
  }

  @Test
  void ancestorsLargerThanTheLimit_areRefused() throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.builder().ancestorLimits(25, 300).build());
    Transaction parent = tx(f.fund(), 1_000, 1);
    assertTrue(f.submit(parent).isAccepted());

    assertEquals(
        RejectReason.ANCESTORS_TOO_LARGE, rejection(f.submit(tx(out(parent, 0), 1_000, 1))));
  }

  @Test
  void tooManyDescendants_areRefused() throws Exception {
    PoolFixture f =
        PoolFixture.create(2, MempoolPolicy.builder().descendantLimits(3, 101_000).build());
    Transaction parent = tx(f.fund(), 1_000, 4);
    f.submit(parent);
    assertTrue(f.submit(tx(out(parent, 0), 1_000, 1)).isAccepted());
    assertTrue(f.submit(tx(out(parent, 1), 1_000, 1)).isAccepted());

    assertEquals(
        RejectReason.TOO_MANY_DESCENDANTS, rejection(f.submit(tx(out(parent, 2), 1_000, 1))));
  }

  @Test
  void descendantsTooLarge_areRefused() throws Exception {
    PoolFixture f =
        PoolFixture.create(2, MempoolPolicy.builder().descendantLimits(25, 400).build());
    Transaction parent = tx(f.fund(), 1_000, 4);
    f.submit(parent);

    assertEquals(
        RejectReason.DESCENDANTS_TOO_LARGE, rejection(f.submit(tx(out(parent, 0), 1_000, 1))));
  }

  @Test
  void atTheByteCap_theLowestDescendantFeeRatePackageIsEvicted_andTheMinimumRises()
      throws Exception {
    Transaction probe = tx(new PoolFixture.Utxo(
        io.elo.model.OutPoint.of(io.elo.crypto.Hash.sha256d(new byte[1]), 0),
        io.elo.model.Amount.ofAtoms(1_000_000)), 0, 1);
    long size = probe.size(); // every one-in-one-out transaction here has this size
    PoolFixture f = PoolFixture.create(8, MempoolPolicy.builder().maxBytes(4 * size).build());
    // A low-rate parent whose child pays a lot: the package rate is high, so it is kept.
    Transaction lowParent = tx(f.fund(), size, 1);
    Transaction richChild = tx(out(lowParent, 0), 50 * size, 1);
    Transaction medium = tx(f.fund(), 3 * size, 1);
    Transaction low = tx(f.fund(), 2 * size, 1);
    for (Transaction t : List.of(lowParent, richChild, medium, low)) {
      assertTrue(f.submit(t).isAccepted());
    }
    List<Transaction> evicted = new ArrayList<>();
    f.pool.addListener(
        new MempoolListener() {
          @Override
          public void transactionRemoved(Transaction tx, RemovalReason reason) {
            assertEquals(RemovalReason.SIZE_LIMIT, reason);
            evicted.add(tx);
          }
        });

    Transaction high = tx(f.fund(), 10 * size, 1);
    assertTrue(f.submit(high).isAccepted());

    assertEquals(List.of(low), evicted, "the package with the lowest descendant rate");
    assertTrue(f.pool.contains(lowParent.txid()), "child pays for parent");
    assertTrue(f.pool.bytes() <= 4 * size);
    FeeRate lowRate = FeeRate.of(io.elo.model.Amount.ofAtoms(2 * size), size);
    assertTrue(
        f.pool.minimumFeeRate().compareTo(lowRate) > 0,
        "minimum rose above the evicted package: " + f.pool.minimumFeeRate());
    assertEquals(RejectReason.FEE_TOO_LOW, rejection(f.submit(tx(f.fund(), 2 * size, 1))));
  }

  @Test
  void aTransactionThatWouldBeEvictedAtOnce_isRefusedAsMempoolFull() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.builder().maxBytes(200).build());
    Transaction first = tx(f.fund(), 50_000, 1);
    assertTrue(f.submit(first).isAccepted());

    assertEquals(RejectReason.MEMPOOL_FULL, rejection(f.submit(tx(f.fund(), 20_000, 1))));
    assertTrue(f.pool.contains(first.txid()));
  }

  @Test
  void theRollingMinimum_decaysAfterABlock() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.builder().maxBytes(200).build());
    f.submit(tx(f.fund(), 50_000, 1));
    f.submit(tx(f.fund(), 20_000, 1)); // evicted at once: the minimum rises
    FeeRate raised = f.pool.minimumFeeRate();
    assertTrue(raised.compareTo(f.pool.policy().minRelayFeeRate()) > 0);

    f.mine(List.of());
    f.clock.advance(Duration.ofDays(10)); // 20 half-lives

    assertEquals(f.pool.policy().minRelayFeeRate(), f.pool.minimumFeeRate());
  }

  @Test
  void transactionsOlderThanTheExpiry_areRemoved_withTheirDescendants() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.builder().expiry(Duration.ofHours(1)).build());
    Transaction old = tx(f.fund(), 1_000, 1);
    f.submit(old);
    f.clock.advance(Duration.ofMinutes(50));
    Transaction child = tx(out(old, 0), 1_000, 1);
    Transaction young = tx(f.fund(), 1_000, 1);
    f.submit(child);
    f.submit(young);

    f.clock.advance(Duration.ofMinutes(20));

    assertFalse(f.pool.contains(old.txid()));
    assertFalse(f.pool.contains(child.txid()));
    assertTrue(f.pool.contains(young.txid()));
  }
}
