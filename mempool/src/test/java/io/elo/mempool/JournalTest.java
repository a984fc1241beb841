package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;
import static io.elo.mempool.PoolFixture.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Transaction;
import io.elo.validation.ChainStates;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    }
  }

  @Test
  void reopenedPool_reloadsAndRevalidates_whatWasAccepted() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.defaults(), ChainStates.DIRECT, dir);
    Transaction a = tx(f.fund(), 1_000, 2);
    Transaction b = tx(out(a, 0), 2_000, 1);
    Transaction confirmedMeanwhile = tx(f.fund(), 3_000, 1);
    for (Transaction t : List.of(a, b, confirmedMeanwhile)) {
      assertTrue(f.submit(t).isAccepted());
    }
    f.pool.close();
    f.state.removeListener(f.pool);
    f.state.submitBlock(f.chain.on(f.tip).add(confirmedMeanwhile).build());

    Mempool reopened = f.open(MempoolPolicy.defaults(), ChainStates.DIRECT, dir);

    assertEquals(List.of(a, b), AdmissionTest.transactions(reopened.entries()));
    assertEquals(
        List.of("mempool-000000000002.journal", "mempool-000000000002.snapshot"),
        files(dir).stream().map(p -> p.getFileName().toString()).toList(),
        "the reload was compacted into a snapshot");
    reopened.close();
  }

  @Test
  void minedTransactionsWhoseParentsAreSpent_doNotWaitAsOrphansAfterAReload() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.defaults(), ChainStates.DIRECT, dir);
    Transaction parent = tx(f.fund(), 1_000, 1);
    Transaction child = tx(out(parent, 0), 1_000, 1);
    Transaction pending = tx(f.fund(), 1_000, 1);
    for (Transaction t : List.of(parent, child, pending)) {
      assertTrue(f.submit(t).isAccepted());
    }
    f.pool.close();
    f.state.removeListener(f.pool);
    // Both mined: the parent's only output is spent, so the child's input looks missing.
    f.state.submitBlock(f.chain.on(f.tip).add(parent).add(child).build());

    Mempool reopened = f.open(MempoolPolicy.defaults(), ChainStates.DIRECT, dir);

    assertEquals(List.of(pending), AdmissionTest.transactions(reopened.entries()));
    assertEquals(0, reopened.orphanCount(), "the mined child is not kept as an orphan");
    reopened.close();
  }

  @Test
  void aTornLastRecord_isIgnored() throws Exception {
    PoolFixture f =
        PoolFixture.create(4, MempoolPolicy.defaults(), ChainStates.DIRECT, dir);
    Transaction a = tx(f.fund(), 1_000, 1);
    Transaction b = tx(f.fund(), 1_000, 1);
    f.submit(a);
    f.submit(b);
    f.pool.close();
    f.state.removeListener(f.pool);
    Path journal = dir.resolve("mempool-000000000001.journal");
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.setLength(file.length() - 3); // a crash in the middle of the second append
    }

    Mempool reopened = f.open(MempoolPolicy.defaults(), ChainStates.DIRECT, dir);

    assertTrue(reopened.contains(a.txid()));
    assertFalse(reopened.contains(b.txid()));
    reopened.close();
  }

  @Test
  void aGrowingJournal_isCompactedIntoASnapshot() throws Exception {
    MempoolPolicy policy = MempoolPolicy.builder().journalCompactionBytes(1_000).build();
    PoolFixture f = PoolFixture.create(40, policy, ChainStates.DIRECT, dir);
    List<Transaction> accepted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Transaction t = tx(f.fund(), 1_000, 1);
      assertTrue(f.submit(t).isAccepted());
      accepted.add(t);
      if (i < 27) {
        f.mine(List.of(t)); // confirmed ones leave; the pool stays small, the journal grows
        accepted.remove(t);
      }
    }
    f.pool.close();
    f.state.removeListener(f.pool);
    List<Path> before = files(dir);
    assertTrue(before.size() <= 3, "old generations deleted: " + before);
    assertFalse(
        before.get(0).getFileName().toString().startsWith("mempool-000000000001"),
        "compacted at least once: " + before);

    Mempool reopened = f.open(policy, ChainStates.DIRECT, dir);

    assertEquals(accepted, AdmissionTest.transactions(reopened.entries()));
    reopened.close();
  }
}
