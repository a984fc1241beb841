package io.elo.bench;

import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureSchemes;
import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolPolicy;
import io.elo.mempool.SourceKey;
import io.elo.model.SigningMessage;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Admission throughput of the mempool with every signature really checked (a fresh signature
 * cache per invocation), against the signature-verification bound measured in the same run: for
 * the same transactions, decoding each input's public key (full validation, as consensus requires)
 * and verifying its signature, nothing else. Each invocation admits {@code batch} transactions into
 * an empty pool, on one thread or on every core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MempoolBenchmark {
  @Param("2000")
  public int batch;

  private MempoolWorkload workload;
  private List<byte[]> messages;
  private ExecutorService cores;
  private int threads;
  private List<List<Transaction>> slices;
  private Mempool pool;

  @Setup(Level.Trial)
  public void setUp() {
    workload = new MempoolWorkload(batch, 0.3, 7);
    messages = new ArrayList<>();
    for (int i = 0; i < workload.transactions.size(); i++) {
      Transaction tx = workload.transactions.get(i);
      messages.add(
          SigningMessage.ofAll(
                  MempoolWorkload.PARAMS.genesisHash(), tx, List.of(workload.spentValues.get(i)))
              .get(0));
    }
    threads = Runtime.getRuntime().availableProcessors();
    slices = workload.byFamily(threads);
    cores = Executors.newFixedThreadPool(threads);
  }

  @Setup(Level.Invocation)
  public void freshPool() throws IOException {
    pool = workload.newPool(MempoolPolicy.defaults(), 2 * batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cores.shutdownNow();
  }

  @Benchmark
  public int admitOneThread() {
    int accepted = 0;
    for (Transaction tx : workload.transactions) {
      accepted += pool.submit(tx, SourceKey.LOCAL).isAccepted() ? 1 : 0;
    }
    return check(accepted);
  }

  @Benchmark
  public int admitAllCores() throws Exception {
    // Each thread submits whole families (a funding coin and its descendants), parents first.
    List<Future<Integer>> parts = new ArrayList<>();
    for (List<Transaction> slice : slices) {
      parts.add(cores.submit(() -> {
        int accepted = 0;
        for (Transaction tx : slice) {
          accepted += pool.submit(tx, SourceKey.LOCAL).isAccepted() ? 1 : 0;
        }
        return accepted;
      }));
    }
    int accepted = 0;
    for (Future<Integer> part : parts) {
      accepted += part.get();
    }
    return check(accepted);
  }

  @Benchmark
  public int signatureBoundOneThread() {
    return verifyRange(0, workload.transactions.size());
  }

  @Benchmark
  public int signatureBoundAllCores() throws Exception {
    List<Future<Integer>> parts = new ArrayList<>();
    int n = workload.transactions.size();
    for (int t = 0; t < threads; t++) {
      int from = t * n / threads;
      int to = (t + 1) * n / threads;
      parts.add(cores.submit(() -> verifyRange(from, to)));
    }
    int valid = 0;
    for (Future<Integer> part : parts) {
      valid += part.get();
    }
    return valid;
  }

  private int verifyRange(int from, int to) {
    int valid = 0;
    for (int i = from; i < to; i++) {
      TxInput input = workload.transactions.get(i).inputs().get(0);
      PublicKey key = SignatureSchemes.ED25519.decodePublicKey(input.publicKey());
      valid += SignatureSchemes.ED25519.verify(key, messages.get(i), input.signature()) ? 1 : 0;
    }
    if (valid != to - from) {
      throw new IllegalStateException("the bound verified wrong messages: " + valid);
    }
    return valid;
  }

  private int check(int accepted) {
    if (accepted < workload.transactions.size() * 9 / 10) {
      throw new IllegalStateException("only " + accepted + " accepted");
    }
    return accepted;
  }
}
