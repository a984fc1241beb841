package io.elo.mempool;

import static io.elo.mempool.PoolFixture.out;

import io.elo.model.Transaction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child JVM of {@link DurabilityIT}: opens a journaled pool over the deterministic fixture
 * chain, then submits chains of transactions from four threads, printing {@code A <txid>} for each
 * accepted one, until it is killed. Arguments: journal directory, round number.
 */
public final class JournalChild {
  /** Funding outputs of the fixture chain; each round uses its own slice. */
  static final int FUNDS = 400;

  static final int PER_ROUND = 80;

  private JournalChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    ExecutorService background = Executors.newSingleThreadExecutor();
    PoolFixture f = PoolFixture.create(FUNDS, MempoolPolicy.defaults(), background, dir);
    PrintStream out = System.out;
    out.println("READY");
    out.flush();
    List<PoolFixture.Utxo> slice =
        new ArrayList<>(f.funds.subList(round * PER_ROUND, (round + 1) * PER_ROUND));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      List<PoolFixture.Utxo> mine = new ArrayList<>(slice.subList(t * 20, (t + 1) * 20));
      Thread thread =
          new Thread(
              () -> {
                for (PoolFixture.Utxo fund : mine) {
                  PoolFixture.Utxo next = fund;
                  for (int depth = 0; depth < 5; depth++) {
                    Transaction tx = PoolFixture.tx(next, 1_000, 2);
                    if (!f.pool.submit(tx, SourceKey.LOCAL).isAccepted()) {
                      break;
                    }
                    synchronized (out) {
                      out.println("A " + tx.txid().toHex());
                      out.flush();
                    }
                    next = out(tx, 0);
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    out.println("DONE");
    out.flush();
    Thread.sleep(60_000); // wait to be killed
  }
}
