package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocks connected and disconnected change the pool; listeners hear why. */
class ChainSyncTest {
  private static List<String> record(Mempool pool) {
    List<String> log = new ArrayList<>();
    pool.addListener(
        new MempoolListener() {
          @Override
          public void transactionAdded(Transaction tx, Amount fee) {
            log.add("added " + tx.txid().toHex().substring(0, 8));
          }

          @Override
          public void transactionRemoved(Transaction tx, RemovalReason reason) {
            log.add(reason + " " + tx.txid().toHex().substring(0, 8));
          }
        });
    return log;
  }

  private static String id(Transaction tx) {
    return tx.txid().toHex().substring(0, 8);
  }

  @Test
  void blockConnected_removesConfirmedAndConflicting_keepsChildrenOfConfirmed() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    PoolFixture.Utxo contested = f.fund();
    Transaction parent = tx(f.fund(), 1_000, 1);
    Transaction child = tx(out(parent, 0), 1_000, 1);
    Transaction loser = tx(contested, 1_000, 1);
    Transaction loserChild = tx(out(loser, 0), 1_000, 1);
    for (Transaction t : List.of(parent, child, loser, loserChild)) {
      assertTrue(f.submit(t).isAccepted());
    }
    List<String> log = record(f.pool);
    Transaction winner = tx(contested, 2_000, 2); // never seen by the pool

    f.mine(List.of(parent, winner));

    assertEquals(
        List.of(
            "CONFIRMED " + id(parent), "CONFLICT " + id(loser), "CONFLICT " + id(loserChild)),
        log);
    assertEquals(1, f.pool.size());
    MempoolEntry c = f.pool.entry(child.txid()).orElseThrow();
    assertEquals(1, c.ancestorCount(), "its parent is confirmed now");
  }

  @Test
  void reorg_putsDisconnectedTransactionsBack_andDropsWhatBecameInvalid() throws Exception {
    PoolFixture f = PoolFixture.create(4, MempoolPolicy.defaults());
    Block base = f.tip;
    PoolFixture.Utxo contested = f.fund();
    Transaction confirmed = tx(f.fund(), 1_000, 1);
    Transaction childInPool = tx(out(confirmed, 0), 1_000, 1);
    Transaction spendsContested = tx(contested, 1_000, 1);
    Block a1 = f.blockOn(base, List.of(confirmed, spendsContested));
    f.submit(a1);
    f.pool.syncWithChain();
    assertTrue(f.submit(childInPool).isAccepted());
    List<String> log = record(f.pool);

    // A heavier fork spends the contested output differently and leaves "confirmed" out.
    Transaction rival = tx(contested, 3_000, 2);
    Block b1 = f.blockOn(base, List.of(rival));
    f.submit(b1);
    Block b2 = f.blockOn(b1, List.of());
    f.submit(b2);
    f.pool.syncWithChain();

    assertEquals(f.state.tip().hash(), b2.hash());
    assertTrue(f.pool.contains(confirmed.txid()), "put back");
    assertTrue(f.pool.contains(childInPool.txid()), "kept, now with its parent in the pool");
    assertFalse(f.pool.contains(spendsContested.txid()), "its input is spent on the new chain");
    assertEquals(2, f.pool.entry(childInPool.txid()).orElseThrow().ancestorCount());
    assertEquals(List.of("added " + id(confirmed)), log);
    assertEquals(List.of(confirmed, childInPool), AdmissionTest.transactions(f.pool.entries()));
  }
}
