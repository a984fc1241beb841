package io.elo.bench;

import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolPolicy;
import io.elo.mempool.SourceKey;
import io.elo.model.Transaction;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the heap a pool retains per transaction beyond its encoded size: the workload is kept
 * as encodings only; heap used after a full GC (MemoryMXBean) is taken before and after admitting
 * every transaction (decoded just before submission, so the pool holds the only decoded copy),
 * with a one-entry signature cache so verified signatures are not counted. Run: {@code java -cp
 * benchmarks/target/benchmarks.jar io.elo.bench.MempoolMemory [transactions]}.
 */
public final class MempoolMemory {
  private MempoolMemory() {}

  /** What was measured. */
  record Result(int transactions, double bytesPerTransaction, double encodedPerTransaction) {
    double overheadPerTransaction() {
      return bytesPerTransaction - encodedPerTransaction;
    }
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Result r = measure(count);
    System.out.printf(
        Locale.ROOT,
        "transactions %d: retained %.0f B/tx, encoded %.0f B/tx, overhead %.0f B/tx%n",
        r.transactions(),
        r.bytesPerTransaction(),
        r.encodedPerTransaction(),
        r.overheadPerTransaction());
  }

  static Result measure(int count) throws Exception {
    MempoolWorkload workload = new MempoolWorkload(count, 0.3, 13);
    List<byte[]> encodings = new ArrayList<>(count);
    long encoded = 0;
    for (Transaction tx : workload.transactions) {
      byte[] bytes = tx.encode();
      encodings.add(bytes);
      encoded += bytes.length;
    }
    workload.transactions.clear();
    Mempool pool = workload.newPool(MempoolPolicy.defaults(), 1);
    long before = usedAfterGc();
    int admitted = 0;
    for (byte[] bytes : encodings) {
      admitted += pool.submit(Transaction.decode(bytes), SourceKey.LOCAL).isAccepted() ? 1 : 0;
    }
    long after = usedAfterGc();
    if (admitted != pool.size() || admitted < count * 9 / 10) {
      throw new IllegalStateException("admitted " + admitted + " of " + count);
    }
    double perTx = (double) (after - before) / admitted;
    return new Result(admitted, perTx, (double) pool.bytes() / admitted);
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
