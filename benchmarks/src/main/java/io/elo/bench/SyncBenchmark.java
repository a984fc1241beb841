package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.SignatureCache;
import io.elo.model.Block;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.InMemoryBlockStore;
import io.elo.validation.InMemoryChainStore;
import io.elo.validation.SpendingChain;
import io.elo.validation.TestChainBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Initial sync over the network against local block connection. One regtest chain of {@code blocks}
 * blocks, each with {@code txsPerBlock} signed Ed25519 transactions ({@link SpendingChain}: a
 * coinbase split and one-to-one spends), is connected two ways, alternately, {@code runs} times:
 *
 * <ul>
 *   <li>local (baseline): submitted block by block into a fresh in-memory {@link ChainState} whose
 *       signature executor has one thread per core, as a node's has;
 *   <li>TCP: a fresh in-memory {@link Node} connects over encrypted loopback TCP to a node holding
 *       the chain and syncs it (headers first, parallel block download); timed from the dial until
 *       its tip reaches the last block.
 * </ul>
 *
 * Ratio = TCP blocks per second / local blocks per second, medians of the runs (target &ge; 0.6).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.elo.bench.SyncBenchmark [blocks]
 * [txsPerBlock] [runs]}.
 */
public final class SyncBenchmark {
  private SyncBenchmark() {}

  /** Blocks per second of each run, in run order. */
  record Result(int blocks, int transactions, List<Double> localRates, List<Double> tcpRates) {
    double localMedian() {
      return median(localRates);
    }

    double tcpMedian() {
      return median(tcpRates);
    }

    double ratio() {
      return tcpMedian() / localMedian();
    }
  }

  /** Builds the chain and measures {@code runs} local and {@code runs} TCP connections of it. */
  static Result run(int blocks, int txsPerBlock, int runs) throws Exception {
    checkArgument(blocks > 0 && runs > 0, "blocks and runs must be positive");
    TestChainBuilder builder = TestChainBuilder.of(Funding.PARAMS);
    List<Block> chain =
        new SpendingChain(builder, 1, txsPerBlock).extend(builder.genesis(), blocks);
    int transactions = chain.stream().mapToInt(b -> b.transactions().size() - 1).sum();
    List<Double> local = new ArrayList<>();
    List<Double> tcp = new ArrayList<>();
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      Node source = net.add();
      LoopbackNodes.submitAll(source, chain);
      for (int run = 0; run < runs; run++) {
        local.add(local(chain));
        tcp.add(tcp(net, source, blocks));
        System.out.printf(
            Locale.ROOT,
            "run %d: local %.0f blocks/s, tcp %.0f blocks/s%n",
            run + 1,
            local.get(run),
            tcp.get(run));
      }
    }
    return new Result(blocks, transactions, local, tcp);
  }

  /** Blocks per second connecting {@code chain} into a fresh in-memory chain state. */
  private static double local(List<Block> chain) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try (ChainState state =
        ChainState.builder(Funding.PARAMS)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .executor(pool)
            .signatureCache(new SignatureCache(NodeBuilder.DEFAULT_SIGNATURE_CACHE))
            .clock(Clock.systemUTC())
            .build()) {
      long start = System.nanoTime();
      for (Block block : chain) {
        BlockSubmitResult r = state.submitBlock(block);
        checkArgument(r instanceof BlockSubmitResult.Connected, "local refused: %s", r);
      }
      return chain.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** Blocks per second of a fresh node syncing {@code blocks} blocks from {@code source}. */
  private static double tcp(LoopbackNodes net, Node source, int blocks) throws Exception {
    Node fresh = net.add();
    try {
      long start = System.nanoTime();
      double rate;
      try (RequestRates asked = RequestRates.start(source)) {
        LoopbackNodes.connect(fresh, source);
        boolean synced =
            LoopbackNodes.await(() -> fresh.tip().height().value() >= blocks, 30 * 60_000L);
        checkArgument(synced, "sync did not finish: %s", fresh.syncStatus());
        rate = blocks / ((System.nanoTime() - start) / 1e9);
        asked.close();
        System.out.print("requests served to the syncing peer:\n" + asked.report());
      }
      return rate;
    } finally {
      net.remove(fresh);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Prints the runs and the ratio; arguments: blocks, transactions per block, runs. */
  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int txsPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Result r = run(blocks, txsPerBlock, runs);
    System.out.printf(
        Locale.ROOT,
        "RESULT sync %d blocks (%d transactions): tcp %.0f blocks/s, local %.0f blocks/s"
            + " (medians of %d), ratio %.3f%n",
        r.blocks(),
        r.transactions(),
        r.tcpMedian(),
        r.localMedian(),
        runs,
        r.ratio());
  }
}
