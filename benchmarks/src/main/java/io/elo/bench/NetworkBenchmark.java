package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.elo.crypto.Hash;
import io.elo.mempool.MempoolListener;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.ChainTip;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code elo bench network}: N in-process {@link Node}s over encrypted loopback TCP in a sparse
 * topology (a random ring plus chords, degree 2-3, as {@link PropagationBenchmark}), optionally
 * with a one-way delay per link ({@link LinkDelay}). A generator submits pre-signed transactions
 * (one key, or a key each: {@link KeyMode}) at {@code tps} to random nodes for {@code duration};
 * every {@link #BLOCK_INTERVAL_MILLIS} a block holding the transactions already in every pool is
 * built and submitted to a random node (no proof-of-work cost: the benchmark measures relay, not
 * mining). In-process nodes rather than processes: one JVM starts in a second and the
 * per-transaction timestamps need one clock; the price is that CPU and memory are the whole JVM's,
 * divided by N (reported as such). After the run the largest block is validated again on one core
 * ({@link ColdValidation}) for the block propagation bound. The figures and their bounds are in
 * {@link NetworkResult}; {@code --saturate} is {@link NetworkSaturation}.
 */
public final class NetworkBenchmark {
  /** A block every this many milliseconds of the run. */
  static final long BLOCK_INTERVAL_MILLIS = 2_000;

  private NetworkBenchmark() {}

  /** Runs the benchmark over TCP. */
  static NetworkResult run(
      int nodeCount, int tps, double seconds, long latencyMillis, long seed, KeyMode keys)
      throws Exception {
    checkArgument(nodeCount >= 2 && nodeCount <= 64, "nodes must be 2..64: %s", nodeCount);
    checkArgument(tps > 0 && seconds > 0 && latencyMillis >= 0, "tps, duration and latency");
    Random random = new Random(seed);
    int total = (int) Math.round(tps * seconds);
    Funding funding = new Funding(total, keys);
    int cores = Runtime.getRuntime().availableProcessors();
    double checksAll = VerifyRate.measure(keys, cores, 1_000);
    List<int[]> edges = PropagationBenchmark.topology(nodeCount, random);
    int diameter = PropagationBenchmark.diameter(nodeCount, edges);

    Map<Hash, Long> sentAt = new ConcurrentHashMap<>();
    Map<Hash, Integer> origins = new ConcurrentHashMap<>();
    Map<Hash, AtomicInteger> reached = new ConcurrentHashMap<>();
    List<Long> txDelays = Collections.synchronizedList(new ArrayList<>());
    List<Long> blockDelays = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger everywhere = new AtomicInteger();
    List<Long> everywhereAt = Collections.synchronizedList(new ArrayList<>());
    ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.OperatingSystemMXBean sunOs = (com.sun.management.OperatingSystemMXBean) os;
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      LinkDelay delay = new LinkDelay(latencyMillis, delayer);
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) {
        int index = i;
        Node node =
            net.add(
                b ->
                    b.transport(
                            security ->
                                net.counter()
                                    .wrap(
                                        delay.wrap(
                                            TcpTransport.builder().security(security).build())))
                        .listener(
                            new NodeListener() {
                              @Override
                              public void tipChanged(ChainTip tip) {
                                Long at = sentAt.get(tip.hash());
                                Integer origin = origins.get(tip.hash());
                                if (at != null && origin != index) {
                                  blockDelays.add(System.nanoTime() - at);
                                }
                              }
                            }));
        node.mempool()
            .addListener(
                new MempoolListener() {
                  @Override
                  public void transactionAdded(Transaction tx, Amount fee) {
                    long now = System.nanoTime();
                    Long at = sentAt.get(tx.txid());
                    if (at == null) {
                      return;
                    }
                    if (origins.get(tx.txid()) != index) {
                      txDelays.add(now - at);
                    }
                    AtomicInteger n = reached.get(tx.txid());
                    if (n != null && n.incrementAndGet() == nodeCount) {
                      everywhereAt.add(now);
                      everywhere.incrementAndGet();
                    }
                  }
                });
        nodes.add(node);
      }
      for (Node node : nodes) {
        LoopbackNodes.submitAll(node, funding.blocks());
      }
      for (int[] e : edges) {
        LoopbackNodes.connect(nodes.get(e[0]), nodes.get(e[1]));
      }
      List<Transaction> txs = funding.next(total);
      int txSize = txs.get(0).encode().length;
      long bytesBefore = net.counter().sentBytes();
      long framesBefore = net.counter().sentFrames();
      long cpuBefore = sunOs.getProcessCpuTime();
      long start = System.nanoTime();
      long interval = TimeUnit.SECONDS.toNanos(1) / tps;
      long nextBlock = start + TimeUnit.MILLISECONDS.toNanos(BLOCK_INTERVAL_MILLIS);
      Block tip = funding.last();
      List<Block> mined = new ArrayList<>();
      List<Transaction> unconfirmed = new ArrayList<>();
      int maxBlockTxs = 0;
      int blocks = 0;
      for (int i = 0; i < txs.size(); i++) {
        long wait = start + i * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Transaction tx = txs.get(i);
        int origin = random.nextInt(nodeCount);
        reached.put(tx.txid(), new AtomicInteger());
        origins.put(tx.txid(), origin);
        sentAt.put(tx.txid(), System.nanoTime());
        checkState(
            nodes.get(origin).submitTransaction(tx).isAccepted(), "generator tx refused");
        unconfirmed.add(tx);
        if (System.nanoTime() >= nextBlock) {
          nextBlock += TimeUnit.MILLISECONDS.toNanos(BLOCK_INTERVAL_MILLIS);
          List<Transaction> ready = new ArrayList<>();
          for (Transaction t : unconfirmed) {
            if (reached.get(t.txid()).get() == nodeCount) {
              ready.add(t);
            }
          }
          unconfirmed.removeAll(ready);
          tip = mine(funding, tip, ready, nodes.get(random.nextInt(nodeCount)), nodes, sentAt,
              origins);
          mined.add(tip);
          maxBlockTxs = Math.max(maxBlockTxs, ready.size());
          blocks++;
        }
      }
      double submitSeconds = (System.nanoTime() - start) / 1e9;
      boolean complete =
          LoopbackNodes.await(() -> everywhere.get() >= total, 60_000 + latencyMillis * 100);
      List<Long> arrivals = sorted(everywhereAt);
      double acceptSeconds =
          arrivals.isEmpty() ? Double.NaN : (arrivals.get(arrivals.size() - 1) - start) / 1e9;
      double steadyTps = steadyRate(arrivals, start, submitSeconds);
      // a last block with the rest, so block propagation is measured on a full pool too
      tip = mine(funding, tip, unconfirmed, nodes.get(random.nextInt(nodeCount)), nodes, sentAt,
          origins);
      mined.add(tip);
      maxBlockTxs = Math.max(maxBlockTxs, unconfirmed.size());
      blocks++;
      Hash last = tip.hash();
      checkState(
          LoopbackNodes.await(
              () -> nodes.stream().allMatch(n -> n.tip().hash().equals(last)), 60_000),
          "last block did not reach every node");
      double wallSeconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (sunOs.getProcessCpuTime() - cpuBefore) / 1e9;
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long bytes = net.counter().sentBytes() - bytesBefore;
      long frames = net.counter().sentFrames() - framesBefore;
      double validationMs = ColdValidation.largestMillis(Funding.PARAMS, funding.blocks(), mined);
      return new NetworkResult(
          nodeCount,
          keys,
          edges.size(),
          diameter,
          latencyMillis,
          tps,
          total,
          everywhere.get(),
          complete,
          submitSeconds,
          acceptSeconds,
          steadyTps,
          sorted(txDelays),
          sorted(blockDelays),
          blocks,
          maxBlockTxs,
          checksAll,
          validationMs,
          txSize,
          bytes,
          frames,
          cpuSeconds / wallSeconds,
          heap,
          cores);
    } finally {
      delayer.shutdownNow();
    }
  }

  private static Block mine(
      Funding funding,
      Block tip,
      List<Transaction> txs,
      Node miner,
      List<Node> nodes,
      Map<Hash, Long> sentAt,
      Map<Hash, Integer> origins) {
    long now = Instant.now().getEpochSecond();
    long time = Math.max(tip.header().timestamp() + 1, now);
    Block block = funding.chain().on(tip).timestamp(time).addAll(txs).build();
    origins.put(block.hash(), nodes.indexOf(miner));
    sentAt.put(block.hash(), System.nanoTime());
    miner.submitBlock(block);
    return block;
  }

  /**
   * Transactions that reached every pool per second over the last two thirds of the submission
   * time: the offered rate while the pools keep up, their capacity once they fall behind (the
   * first third lets the relay fill; the tail after the last submission is left out).
   */
  static double steadyRate(List<Long> everywhereAt, long start, double submitSeconds) {
    long from = start + (long) (submitSeconds * 1e9 / 3);
    long to = start + (long) (submitSeconds * 1e9);
    long count = everywhereAt.stream().filter(t -> t >= from && t < to).count();
    return count / ((to - from) / 1e9);
  }

  private static List<Long> sorted(List<Long> nanos) {
    List<Long> copy;
    synchronized (nanos) {
      copy = new ArrayList<>(nanos);
    }
    Collections.sort(copy);
    return copy;
  }

  /** Runs with {@code elo bench network} options and prints the result. */
  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args);
    if (o.help()) {
      System.out.println(BenchOptions.NETWORK_USAGE);
      return;
    }
    if (o.mode().equals("sim")) {
      // The simulated network is PropagationBenchmark's (virtual time, 50 ms links): a round per
      // block interval, the transactions of that interval per round.
      long rounds = Math.max(3, Math.round(o.secondsOr(30) * 1000 / BLOCK_INTERVAL_MILLIS));
      long perRound = Math.max(1, Math.round(o.tpsOr(50) * BLOCK_INTERVAL_MILLIS / 1000.0));
      PropagationBenchmark.main(
          new String[] {"" + o.nodes(), "" + rounds, "" + perRound, "" + o.seed()});
      return;
    }
    if (o.saturate()) {
      NetworkSaturation.main(o);
      return;
    }
    NetworkResult r =
        run(o.nodes(), o.tpsOr(50), o.secondsOr(30), o.latencyMillis(), o.seed(), o.keys());
    System.out.print(r.table(o.mode()));
    System.out.println(r.line(o.mode()));
    if (!r.complete()) {
      System.exit(1);
    }
  }
}
