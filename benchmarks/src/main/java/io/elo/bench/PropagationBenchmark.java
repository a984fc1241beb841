package io.elo.bench;

import static com.google.common.base.Preconditions.checkState;

import io.elo.crypto.Hash;
import io.elo.mempool.MempoolListener;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.FundedChain;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.node.SimulatedNodes;
import io.elo.validation.ChainTip;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block and transaction propagation on a simulated 10-node network ({@link SimulatedNodes}: full
 * nodes on one deterministic {@code SimulatedNetwork}, 50 ms per link, virtual time). Topology: a
 * random ring plus chords, 2-3 links per node. Each round a random node receives {@code txs} new
 * transactions (relayed by the nodes: announcement, request, transaction); once every pool has
 * them, a random node mines a block holding them (relayed as a compact block). The first {@link
 * #WARM_UP_ROUNDS} rounds are not measured. Delay = virtual time from submission at the origin to
 * the mempool (transactions) or tip (blocks) of each other node.
 *
 * <p>Hop-latency bound = diameter x link latency: what a block pushed one way per hop needs. A
 * transaction needs three one-way trips per hop (announce, request, send) plus the relay's
 * randomised announcement delay (Poisson, mean 250 ms to outbound and 500 ms to inbound peers, for
 * privacy), so its bound is 3 x diameter x link latency plus those delays. The simulation charges
 * no virtual time for computation: these are protocol delays, not CPU cost.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.elo.bench.PropagationBenchmark
 * [nodes] [rounds] [txs per round] [seed]}.
 */
public final class PropagationBenchmark {
  static final long LINK_MILLIS = 50;

  /**
   * Rounds run before measuring: compact block relay picks its high-bandwidth peers from the first
   * blocks' arrivals (as TenNodePropagationIT does).
   */
  static final int WARM_UP_ROUNDS = 5;

  private PropagationBenchmark() {}

  /** Delays in milliseconds (sorted) and the topology's diameter. */
  record Result(int nodes, int links, int diameter, List<Long> blockDelays, List<Long> txDelays) {
    /** Hop-latency bound: diameter x link latency. */
    long hopBound() {
      return diameter * LINK_MILLIS;
    }
  }

  /** Runs {@code rounds} rounds of {@code txs} transactions then a block. */
  static Result run(int nodeCount, int rounds, int txs, long seed) {
    Random random = new Random(seed);
    FundedChain funded = new FundedChain((WARM_UP_ROUNDS + rounds) * txs);
    List<int[]> edges = topology(nodeCount, random);
    int diameter = diameter(nodeCount, edges);
    Map<Hash, Map<Integer, Instant>> seen = new ConcurrentHashMap<>();
    List<Long> blockDelays = new ArrayList<>();
    List<Long> txDelays = new ArrayList<>();
    try (SimulatedNodes net =
        SimulatedNodes.create(seed, FundedChain.PARAMS, funded.chain().clockStart())) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        int index = i;
        Node node =
            net.add(
                net.builder()
                    .listener(
                        new NodeListener() {
                          @Override
                          public void tipChanged(ChainTip tip) {
                            note(seen, tip.hash(), index, net.scheduler().instant());
                          }
                        }));
        node.mempool()
            .addListener(
                new MempoolListener() {
                  @Override
                  public void transactionAdded(Transaction tx, Amount fee) {
                    note(seen, tx.txid(), index, net.scheduler().instant());
                  }
                });
        nodes.add(node);
      }
      for (int[] e : edges) {
        net.connect(nodes.get(e[0]), nodes.get(e[1]));
      }
      net.submit(nodes.get(0), funded.funding());
      checkState(
          net.runUntil(
              () -> nodes.stream().allMatch(n -> n.tip().height().value() == 1),
              Duration.ofSeconds(30)),
          "funding block did not propagate");
      Block tip = funded.funding();
      for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
        boolean measured = round >= WARM_UP_ROUNDS;
        List<Transaction> batch = funded.nextTransactions(txs);
        int origin = random.nextInt(nodeCount);
        Instant sent = net.scheduler().instant();
        batch.forEach(tx -> nodes.get(origin).submitTransaction(tx));
        checkState(
            net.runUntil(
                () -> batch.stream().allMatch(tx -> everywhere(seen, tx.txid(), nodeCount)),
                Duration.ofSeconds(60)),
            "transactions of round %s did not reach every pool",
            round);
        for (Transaction tx : batch) {
          if (measured) {
            collect(seen.get(tx.txid()), origin, sent, txDelays);
          }
        }
        tip = funded.blockOn(tip, batch);
        Block block = tip;
        int miner = random.nextInt(nodeCount);
        Instant mined = net.scheduler().instant();
        net.submit(nodes.get(miner), block);
        checkState(
            net.runUntil(() -> everywhere(seen, block.hash(), nodeCount), Duration.ofSeconds(30)),
            "block of round %s did not reach every node",
            round);
        if (measured) {
          collect(seen.get(block.hash()), miner, mined, blockDelays);
        }
        net.runFor(Duration.ofSeconds(1));
      }
    }
    Collections.sort(blockDelays);
    Collections.sort(txDelays);
    return new Result(nodeCount, edges.size(), diameter, blockDelays, txDelays);
  }

  private static void note(Map<Hash, Map<Integer, Instant>> seen, Hash id, int node, Instant at) {
    seen.computeIfAbsent(id, h -> new ConcurrentHashMap<>()).putIfAbsent(node, at);
  }

  private static boolean everywhere(Map<Hash, Map<Integer, Instant>> seen, Hash id, int nodes) {
    Map<Integer, Instant> at = seen.get(id);
    return at != null && at.size() == nodes;
  }

  private static void collect(
      Map<Integer, Instant> at, int origin, Instant start, List<Long> delays) {
    at.forEach(
        (node, when) -> {
          if (node != origin) {
            delays.add(Duration.between(start, when).toMillis());
          }
        });
  }

  /** A connected graph of {@code n} nodes of degree 2-3: a random ring plus chords. */
  static List<int[]> topology(int n, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<int[]> edges = new ArrayList<>();
    int[] degree = new int[n];
    for (int i = 0; i < n; i++) {
      int a = order.get(i);
      int b = order.get((i + 1) % n);
      edges.add(new int[] {Math.min(a, b), Math.max(a, b)});
      degree[a]++;
      degree[b]++;
    }
    for (int attempt = 0; attempt < n; attempt++) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      int lo = Math.min(a, b);
      int hi = Math.max(a, b);
      boolean exists = edges.stream().anyMatch(e -> e[0] == lo && e[1] == hi);
      if (a != b && !exists && degree[a] < 3 && degree[b] < 3) {
        edges.add(new int[] {lo, hi});
        degree[a]++;
        degree[b]++;
      }
    }
    return edges;
  }

  /** The longest shortest path (breadth-first search from every node). */
  static int diameter(int n, List<int[]> edges) {
    int diameter = 0;
    for (int start = 0; start < n; start++) {
      int[] dist = new int[n];
      Arrays.fill(dist, -1);
      dist[start] = 0;
      ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
      while (!queue.isEmpty()) {
        int at = queue.poll();
        for (int[] e : edges) {
          int other = e[0] == at ? e[1] : e[1] == at ? e[0] : -1;
          if (other >= 0 && dist[other] < 0) {
            dist[other] = dist[at] + 1;
            queue.add(other);
          }
        }
      }
      for (int d : dist) {
        checkState(d >= 0, "topology not connected");
        diameter = Math.max(diameter, d);
      }
    }
    return diameter;
  }

  /** Nearest-rank quantile of sorted {@code values}. */
  static long quantile(List<Long> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Prints the delays; arguments: nodes, rounds, transactions per round, seed. */
  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int txs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
    Result r = run(nodes, rounds, txs, seed);
    long hop = r.hopBound();
    long txBound = 3 * hop;
    System.out.printf(
        Locale.ROOT,
        "RESULT propagation mode=sim nodes=%d links=%d diameter=%d link_ms=%d hop_bound_ms=%d"
            + " block_p50_ms=%d block_p99_ms=%d block_ratio=%.3f block_delays=%d tx_p50_ms=%d"
            + " tx_p99_ms=%d tx_bound_ms=%d tx_ratio=%.3f tx_delays=%d%n",
        r.nodes(),
        r.links(),
        r.diameter(),
        LINK_MILLIS,
        hop,
        quantile(r.blockDelays(), 0.5),
        quantile(r.blockDelays(), 0.99),
        quantile(r.blockDelays(), 0.99) / (double) hop,
        r.blockDelays().size(),
        quantile(r.txDelays(), 0.5),
        quantile(r.txDelays(), 0.99),
        txBound,
        quantile(r.txDelays(), 0.99) / (double) txBound,
        r.txDelays().size());
  }
}
