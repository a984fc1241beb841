package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code elo bench sync}: initial sync over TCP against local block connection. One regtest chain
 * of {@code blocks} blocks ({@link Funding} blocks, then blocks of {@code txsPerBlock} signed
 * single-input Ed25519 spends, by a key each unless {@link KeyMode#ONE}) is connected two ways,
 * alternately, {@code runs} times, each time by a fresh node:
 *
 * <ul>
 *   <li>local (baseline): the blocks submitted to the node as local blocks ({@link
 *       Node#submitBlock}), 256 queued at a time: the node's own chain writer and signature
 *       workers, no network;
 *   <li>TCP: the node dials, over encrypted loopback TCP, a node holding the chain and syncs it
 *       (headers first, parallel block download); timed from the dial until its tip reaches the
 *       last block.
 * </ul>
 *
 * Both nodes come from the same {@link LoopbackNodes#add()} defaults, so they have the same
 * signature threads (one per core), signature cache and key cache: while the schemes keep one
 * JVM-wide key cache, the source node decoded every key when it was given the chain, so neither
 * side pays key decoding. Ratio = TCP blocks per second / local blocks per second, medians of the
 * runs (target &ge; 0.8).
 */
public final class SyncBenchmark {
  static final String USAGE =
      "usage: elo bench sync [--blocks N] [--txs T] [--runs R] [--keys distinct|one]\n"
          + "  a chain of N blocks (default 10000) with T signed transactions each (default 3, by a\n"
          + "  key each unless --keys one) connected by a fresh node R times each way (default 3),\n"
          + "  alternately: submitted locally, and synced over encrypted loopback TCP from a node\n"
          + "  holding it (same signature threads and caches). Prints each run and a RESULT line\n"
          + "  with the medians and their ratio.";

  private SyncBenchmark() {}

  /** Blocks per second of each run, in run order. */
  record Result(
      int blocks, int transactions, KeyMode keys, List<Double> localRates, List<Double> tcpRates) {
    double localMedian() {
      return Stats.median(localRates);
    }

    double tcpMedian() {
      return Stats.median(tcpRates);
    }

    double ratio() {
      return tcpMedian() / localMedian();
    }

    /** {@code RESULT sync key=value ...}. */
    String line() {
      List<String> ratios = new ArrayList<>();
      for (int i = 0; i < tcpRates.size(); i++) {
        ratios.add(String.format(Locale.ROOT, "%.3f", tcpRates.get(i) / localRates.get(i)));
      }
      return String.format(
          Locale.ROOT,
          "RESULT sync blocks=%d txs=%d keys=%s runs=%d sig_threads=%d tcp_blocks_per_s=%.0f"
              + " local_blocks_per_s=%.0f ratio=%.3f target=0.8 run_ratios=%s",
          blocks, transactions, keys.label(), tcpRates.size(),
          Runtime.getRuntime().availableProcessors(), tcpMedian(), localMedian(), ratio(),
          String.join(",", ratios));
    }
  }

  /**
   * A chain of {@code blocks} blocks: the funding blocks, then blocks of {@code txsPerBlock}
   * spends of the funding coins.
   */
  static List<Block> chain(int blocks, int txsPerBlock, KeyMode keys) {
    int funding = 1;
    while (funding < Math.ceil((blocks - funding) * (double) txsPerBlock / Funding.PER_BLOCK)) {
      funding++;
    }
    int spending = blocks - funding;
    checkArgument(spending > 0 && txsPerBlock > 0, "too few blocks: %s", blocks);
    Funding coins = new Funding(spending * txsPerBlock, keys);
    List<Transaction> txs = coins.next(spending * txsPerBlock);
    List<Block> chain = new ArrayList<>(coins.blocks());
    Block tip = coins.last();
    for (int i = 0; i < spending; i++) {
      List<Transaction> body = txs.subList(i * txsPerBlock, (i + 1) * txsPerBlock);
      tip = coins.chain().on(tip).addAll(body).build();
      chain.add(tip);
    }
    return chain;
  }

  /** Builds the chain and measures {@code runs} local and {@code runs} TCP connections of it. */
  static Result run(int blocks, int txsPerBlock, int runs, KeyMode keys) throws Exception {
    checkArgument(blocks > 1 && runs > 0, "blocks > 1 and runs > 0");
    List<Block> chain = chain(blocks, txsPerBlock, keys);
    int transactions = chain.stream().mapToInt(b -> b.transactions().size() - 1).sum();
    List<Double> local = new ArrayList<>();
    List<Double> tcp = new ArrayList<>();
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      Node source = net.add();
      LoopbackNodes.submitAll(source, chain);
      for (int run = 0; run < runs; run++) {
        local.add(local(net, chain));
        tcp.add(tcp(net, source, blocks));
        System.out.printf(
            Locale.ROOT,
            "run %d: local %.0f blocks/s, tcp %.0f blocks/s%n",
            run + 1,
            local.get(run),
            tcp.get(run));
      }
    }
    return new Result(blocks, transactions, keys, local, tcp);
  }

  /** Blocks per second of a fresh node connecting {@code chain} submitted locally. */
  private static double local(LoopbackNodes net, List<Block> chain) throws Exception {
    Node fresh = net.add();
    try {
      long start = System.nanoTime();
      LoopbackNodes.submitAll(fresh, chain);
      return chain.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      net.remove(fresh);
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

  /** Runs {@code elo bench sync [options]} ({@link #USAGE}) and prints the RESULT line. */
  public static void main(String[] args) throws Exception {
    Flags f = Flags.parse(args, Set.of("--blocks", "--txs", "--runs", "--keys"), Set.of());
    if (f.has("--help")) {
      System.out.println(USAGE);
      return;
    }
    Result r =
        run(
            f.integer("--blocks", 10_000),
            f.integer("--txs", 3),
            f.integer("--runs", 3),
            KeyMode.parse(f.text("--keys", "distinct")));
    System.out.println(r.line());
  }
}
