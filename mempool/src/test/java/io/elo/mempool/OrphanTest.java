package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanTest {
  private static Transaction unknownParent(int i) {
    OutPoint nowhere = OutPoint.of(Hash.sha256d(new byte[] {(byte) i, 7}), 0);
    return tx(new PoolFixture.Utxo(nowhere, Amount.ofAtoms(1_000_000)), 1_000, 1);
  }

  @Test
  void orphans_resolveInOrder_whenTheirAncestorArrives() throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.defaults());
    Transaction a = tx(f.fund(), 1_000, 2);
    Transaction b = tx(out(a, 0), 1_000, 1);
    Transaction c = tx(out(b, 0), 1_000, 1);
    Transaction d = tx(out(a, 1), 1_000, 1);

    AdmissionResult.Orphan orphan =
        assertInstanceOf(AdmissionResult.Orphan.class, f.submit(c));
    assertEquals(List.of(b.txid()), orphan.missingParents());
    assertInstanceOf(AdmissionResult.Orphan.class, f.submit(b));
    assertInstanceOf(AdmissionResult.Orphan.class, f.submit(d));
    assertEquals(new AdmissionResult.AlreadyKnown(d.txid()), f.submit(d));
    assertEquals(3, f.pool.orphanCount());

    AdmissionResult.Accepted accepted =
        assertInstanceOf(AdmissionResult.Accepted.class, f.submit(a));

    assertEquals(List.of(b.txid(), d.txid(), c.txid()), accepted.resolvedOrphans());
    assertEquals(0, f.pool.orphanCount());
    assertEquals(4, f.pool.size());
  }

  @Test
  void orphans_areAdmitted_whenABlockConfirmsTheirParent() throws Exception {
    PoolFixture f = PoolFixture.create(2, MempoolPolicy.defaults());
    Transaction parent = tx(f.fund(), 1_000, 2);
    Transaction child = tx(out(parent, 0), 1_000, 1);
    Transaction grandchild = tx(out(child, 0), 1_000, 1);
    assertInstanceOf(AdmissionResult.Orphan.class, f.submit(grandchild));
    assertInstanceOf(AdmissionResult.Orphan.class, f.submit(child));
    assertEquals(2, f.pool.orphanCount());

    // The parent never enters the pool: it arrives in a block.
    f.mine(List.of(parent));

    assertEquals(0, f.pool.orphanCount());
    assertTrue(f.pool.contains(child.txid()), "child admitted once its parent is confirmed");
    assertTrue(f.pool.contains(grandchild.txid()), "and its own orphan with it");
    assertEquals(2, f.pool.size());
  }

  @Test
  void theOrphanPool_holdsItsBounds_underAFlood() throws Exception {
    MempoolPolicy policy =
        MempoolPolicy.builder().orphanLimits(10, 1_500, 4, 1_000, Duration.ofMinutes(20)).build();
    PoolFixture f = PoolFixture.create(2, policy);
    List<Transaction> parents = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Transaction parent = unknownParent(i); // never submitted
      parents.add(parent);
      String source = i < 50 ? "flooder" : "honest-" + i;
      AdmissionResult r =
          f.pool.submit(tx(out(parent, 0), 1_000, 1), SourceKey.of(source));
      assertInstanceOf(AdmissionResult.Orphan.class, r);
      assertTrue(f.pool.orphanCount() <= 10, "count bound");
    }
    assertTrue(f.pool.orphanCount() <= 10);
    f.pool.sourceGone(SourceKey.of("flooder"));
    int afterGone = f.pool.orphanCount();
    assertTrue(afterGone > 0 && afterGone <= 10, "the honest sources' orphans stay: " + afterGone);

    f.clock.advance(Duration.ofMinutes(21));
    f.pool.submit(tx(out(parents.get(0), 0), 2_000, 1), SourceKey.of("late"));
    assertEquals(1, f.pool.orphanCount(), "expired orphans are gone");
  }

  @Test
  void oneSource_cannotHoldMoreThanItsShare() throws Exception {
    MempoolPolicy policy =
        MempoolPolicy.builder().orphanLimits(100, 1_000_000, 3, 1_000, Duration.ofMinutes(20))
            .build();
    PoolFixture f = PoolFixture.create(2, policy);
    for (int i = 0; i < 8; i++) {
      Transaction parent = unknownParent(i);
      f.pool.submit(tx(out(parent, 0), 1_000 + i, 1), SourceKey.of("one"));
    }
    assertEquals(3, f.pool.orphanCount());
  }
}
