package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each replacement rule, its rejection, and a replacement that passes them all. */
class ReplacementTest {
  private static RejectReason rejection(AdmissionResult result) {
    AdmissionResult.Rejected r = assertInstanceOf(AdmissionResult.Rejected.class, result);
    assertFalse(r.penalize());
    return r.reason();
  }

  @Test
  void replacement_evictsTheConflictAndItsDescendants_whenItPaysForThem() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    Transaction original = tx(fund, 1_000, 1);
    Transaction child = tx(out(original, 0), 1_000, 1);
    f.submit(original);
    f.submit(child);
    List<RemovalReason> removed = new ArrayList<>();
    f.pool.addListener(
        new MempoolListener() {
          @Override
          public void transactionRemoved(Transaction tx, RemovalReason reason) {
            removed.add(reason);
          }
        });
    Transaction replacement = tx(fund, 2_000 + 1_000, 2);

    AdmissionResult.Accepted a =
        assertInstanceOf(AdmissionResult.Accepted.class, f.submit(replacement));

    assertEquals(List.of(original.txid(), child.txid()), a.replaced());
    assertEquals(List.of(RemovalReason.REPLACED, RemovalReason.REPLACED), removed);
    assertEquals(1, f.pool.size());
  }

  @Test
  void replacement_refused_whenTheFeeDoesNotCoverTheEvictedPlusIncrementalRelay()
      throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo fund = f.fund();
    Transaction original = tx(fund, 1_000, 1);
    f.submit(original);
    // Higher rate (same size) and higher fee, but by less than 1 atom/byte of its own size.
    Transaction replacement = tx(fund, 1_000 + original.size() / 2, 1);

    assertEquals(RejectReason.REPLACEMENT_FEE_TOO_LOW, rejection(f.submit(replacement)));
    assertTrue(f.pool.contains(original.txid()));
  }

  @Test
  void replacement_refused_whenItsRateIsNotAboveADirectConflict() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo a = f.fund();
    PoolFixture.Utxo b = f.fund();
    Transaction small = tx(a, 20_000, 1); // a high rate
    f.submit(small);
    // Spends a and b: a larger absolute fee, but at a lower rate than "small".
    Transaction replacement = tx(List.of(a, b), 25_000, 1);

    assertEquals(RejectReason.REPLACEMENT_FEE_RATE_TOO_LOW, rejection(f.submit(replacement)));
  }

  @Test
  void replacement_refused_whenItAddsANewUnconfirmedInput() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo a = f.fund();
    Transaction original = tx(a, 1_000, 1);
    Transaction other = tx(f.fund(), 1_000, 1);
    f.submit(original);
    f.submit(other);
    Transaction replacement = tx(List.of(a, out(other, 0)), 50_000, 1);

    assertEquals(
        RejectReason.REPLACEMENT_NEW_UNCONFIRMED_INPUT, rejection(f.submit(replacement)));
  }

  @Test
  void replacement_refused_whenItSpendsWhatItWouldEvict() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo a = f.fund();
    Transaction original = tx(a, 1_000, 2);
    f.submit(original);
    Transaction replacement = tx(List.of(a, out(original, 1)), 50_000, 1);

    assertEquals(RejectReason.REPLACEMENT_SPENDS_CONFLICT, rejection(f.submit(replacement)));
  }

  @Test
  void replacement_refused_whenItWouldEvictTooMany() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.builder().maxReplacements(3).build());
    PoolFixture.Utxo a = f.fund();
    Transaction original = tx(a, 1_000, 4);
    f.submit(original);
    for (int i = 0; i < 3; i++) {
      assertTrue(f.submit(tx(out(original, i), 1_000, 1)).isAccepted());
    }
    Transaction replacement = tx(a, 1_000_000, 1);

    assertEquals(RejectReason.REPLACEMENT_TOO_MANY_EVICTIONS, rejection(f.submit(replacement)));
    assertEquals(4, f.pool.size());
  }
}
