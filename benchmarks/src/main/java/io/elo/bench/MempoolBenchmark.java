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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Admission throughput of the mempool with every key and signature really checked, against the
 * signature bound measured in the same run: for the same transactions, decoding each input's public
 * key (full validation, as consensus requires) and verifying its signature, nothing else, on the
 * same number of threads. Each invocation admits {@code batch} transactions into an empty pool, on
 * one thread, on every core, or (to show the journal's group commit) on four submitters per core.
 *
 * <p>Every invocation gets a new workload signed by distinct keys (each transaction's input key is
 * its own) and a pool with a fresh signature cache, so neither the pool nor the bound finds a key
 * or a signature in a cache: a decoded-key cache that outlives a pool (such as one per scheme)
 * never sees a key twice. The {@code Journal} variants journal to a fresh directory and report a
 * transaction accepted only once it is synced to disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MempoolBenchmark {
  @Param("2000")
  public int batch;

  private final int cores = Runtime.getRuntime().availableProcessors();
  private ExecutorService submitters;
  private long invocation;
  private MempoolWorkload workload;
  private List<byte[]> messages;
  private Mempool pool;
  private Path journal;

  @Setup(Level.Trial)
  public void setUp() {
    submitters = Executors.newFixedThreadPool(4 * cores);
  }

  @Setup(Level.Invocation)
  public void freshWorkload(BenchmarkParams params) throws IOException {
    workload = new MempoolWorkload(batch, 0.3, 7 + invocation++, true);
    messages = new ArrayList<>();
    for (int i = 0; i < workload.transactions.size(); i++) {
      Transaction tx = workload.transactions.get(i);
      messages.add(
          SigningMessage.ofAll(
                  MempoolWorkload.PARAMS.genesisHash(), tx, List.of(workload.spentValues.get(i)))
              .get(0));
    }
    journal = Files.createTempDirectory("elo-mempool-bench");
    boolean journaled = params.getBenchmark().endsWith("Journal");
    pool = workload.newPool(MempoolPolicy.defaults(), 2 * batch, journaled ? journal : null);
  }

  @TearDown(Level.Invocation)
  public void closePool() throws IOException {
    pool.close();
    try (Stream<Path> files = Files.walk(journal)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    submitters.shutdownNow();
  }

  @Benchmark
  public int admitOneThread() throws Exception {
    return admit(1);
  }

  @Benchmark
  public int admitAllCores() throws Exception {
    return admit(cores);
  }

  @Benchmark
  public int admitFourPerCore() throws Exception {
    return admit(4 * cores);
  }

  @Benchmark
  public int admitOneThreadJournal() throws Exception {
    return admit(1);
  }

  @Benchmark
  public int admitAllCoresJournal() throws Exception {
    return admit(cores);
  }

  @Benchmark
  public int admitFourPerCoreJournal() throws Exception {
    return admit(4 * cores);
  }

  @Benchmark
  public int signatureBoundOneThread() throws Exception {
    return bound(1);
  }

  @Benchmark
  public int signatureBoundAllCores() throws Exception {
    return bound(cores);
  }

  /** Each thread submits whole families (a funding coin and its descendants), parents first. */
  private int admit(int threads) throws Exception {
    if (threads == 1) {
      return check(submitAll(workload.transactions));
    }
    List<Future<Integer>> parts = new ArrayList<>();
    for (List<Transaction> slice : workload.byFamily(threads)) {
      parts.add(submitters.submit(() -> submitAll(slice)));
    }
    int accepted = 0;
    for (Future<Integer> part : parts) {
      accepted += part.get();
    }
    return check(accepted);
  }

  private int submitAll(List<Transaction> txs) {
    int accepted = 0;
    for (Transaction tx : txs) {
      accepted += pool.submit(tx, SourceKey.LOCAL).isAccepted() ? 1 : 0;
    }
    return accepted;
  }

  private int bound(int threads) throws Exception {
    int n = workload.transactions.size();
    if (threads == 1) {
      return verifyRange(0, n);
    }
    List<Future<Integer>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * n / threads;
      int to = (t + 1) * n / threads;
      parts.add(submitters.submit(() -> verifyRange(from, to)));
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
