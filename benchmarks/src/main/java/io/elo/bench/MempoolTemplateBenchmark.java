package io.elo.bench;

import io.elo.consensus.BlockTemplate;
import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolPolicy;
import io.elo.mempool.SourceKey;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Block template selection (ancestor fee rate, child pays for parent) from a pool of {@code
 * transactions} (30% of them children of pool transactions) for a 4 MB block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MempoolTemplateBenchmark {
  @Param("100000")
  public int transactions;

  private Mempool pool;

  @Setup
  public void setUp() throws Exception {
    MempoolWorkload workload = new MempoolWorkload(transactions, 0.3, 11);
    pool = workload.newPool(MempoolPolicy.defaults(), 1);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService cores = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (List<Transaction> slice : workload.byFamily(threads)) {
        parts.add(cores.submit(() -> slice.forEach(tx -> pool.submit(tx, SourceKey.LOCAL))));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } finally {
      cores.shutdownNow();
    }
    if (pool.size() < transactions * 9 / 10) {
      throw new IllegalStateException("only " + pool.size() + " admitted");
    }
  }

  @Benchmark
  public BlockTemplate template() {
    return pool.template(MempoolWorkload.PARAMS.maxBlockSize() - 1_000);
  }
}
