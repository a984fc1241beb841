package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.mempool.AdmissionResult;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.sync.RequestLimits;
import io.elo.sync.SyncConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained transaction throughput of a 3-node network: three in-process nodes over encrypted
 * loopback TCP in a line (0 dials 1, 1 dials 2), mining off. A generator thread submits pre-signed
 * single-input Ed25519 transactions to node 0 at increasing offered rates, one step at a time; a
 * step's accepted rate is its transactions divided by the time until the last of them reached the
 * mempool of every node. The bound is this machine's Ed25519 verifications per second (all cores,
 * measured in the same run) divided by 3: every node verifies every transaction once and the three
 * nodes share the cores. Each transaction must be announced at most once per link direction ({@link
 * RelayCounter}). While it runs, {@link PingProbe} measures ping round trips.
 *
 * <p>Run: {@code java [-Dflood=R] -cp benchmarks/target/benchmarks.jar
 * io.elo.bench.ThroughputBenchmark [seconds per step] [announce batch] [rates...]}; {@code
 * -Dflood=R} raises every node's transaction flood limit to R per second (burst 5 R) and scales
 * the request budgets by R / 1,000.
 */
public final class ThroughputBenchmark {
  private static final int NODES = 3;

  private ThroughputBenchmark() {}

  /** One offered rate. */
  record Step(
      int offeredRate,
      int transactions,
      double submitSeconds,
      double everywhereSeconds,
      boolean complete) {
    /** Transactions per second in every node's mempool. */
    double acceptedRate() {
      return transactions / everywhereSeconds;
    }
  }

  /** A run's figures. */
  record Result(
      List<Step> steps,
      double verifyPerSecond,
      RelayCounter.Counts counts,
      long transactions,
      double pingP50,
      double pingP99,
      int pingSamples) {
    /** The best accepted rate of a complete step. */
    double best() {
      return steps.stream().filter(Step::complete).mapToDouble(Step::acceptedRate).max().orElse(0);
    }

    /** The signature-verification bound for three nodes sharing this machine. */
    double bound() {
      return verifyPerSecond / NODES;
    }

    /** Ratio of {@link #best()} to {@link #bound()}. */
    double ratio() {
      return best() / bound();
    }
  }

  /**
   * Runs the steps of {@code rates} (transactions per second), each for {@code seconds}, stopping
   * after the first step whose accepted rate falls under 80% of its offered rate.
   */
  static Result run(int[] rates, double seconds, SyncConfig config) throws Exception {
    checkArgument(rates.length > 0 && seconds > 0, "rates and seconds");
    int total = 0;
    for (int r : rates) {
      total += (int) Math.round(r * seconds);
    }
    Funding funding = new Funding(total + 1);
    Transaction probe = funding.next(1).get(0);
    int cores = Runtime.getRuntime().availableProcessors();
    double verifyBefore = VerifyRate.measure(probe, Amount.ofAtoms(Funding.EACH), cores, 2_000);
    List<Step> steps = new ArrayList<>();
    RelayCounter.Counts counts;
    List<Double> pings;
    long sent = 0;
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        nodes.add(net.add(b -> b.syncConfig(config)));
      }
      for (Node node : nodes) {
        LoopbackNodes.submitAll(node, funding.blocks());
      }
      try (PingProbe ping = new PingProbe(nodes)) {
        for (int i = 0; i + 1 < NODES; i++) {
          LoopbackNodes.connect(nodes.get(i), nodes.get(i + 1));
        }
        ping.start(100);
        for (int rate : rates) {
          List<Transaction> txs = funding.next((int) Math.round(rate * seconds));
          Step step = step(net, nodes.get(0), txs, rate, sent);
          sent += txs.size();
          steps.add(step);
          System.out.printf(Locale.ROOT, "step %s%n", step);
          if (!step.complete() || step.acceptedRate() < 0.8 * rate) {
            break;
          }
        }
        pings = ping.samples();
      }
      counts = net.counter().counts();
    }
    double verifyAfter = VerifyRate.measure(probe, Amount.ofAtoms(Funding.EACH), cores, 2_000);
    return new Result(
        steps,
        (verifyBefore + verifyAfter) / 2,
        counts,
        sent,
        PingProbe.quantile(pings, 0.5),
        PingProbe.quantile(pings, 0.99),
        pings.size());
  }

  /** Submits {@code txs} to {@code first} at {@code rate} and waits until every node has them. */
  static Step step(LoopbackNodes net, Node first, List<Transaction> txs, int rate, long before)
      throws InterruptedException {
    long start = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    for (int i = 0; i < txs.size(); i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      AdmissionResult r = first.submitTransaction(txs.get(i));
      if (!r.isAccepted()) {
        throw new IllegalStateException("generator transaction refused: " + r);
      }
    }
    double submitSeconds = (System.nanoTime() - start) / 1e9;
    long target = before + txs.size();
    long limit = Math.max(30_000, (long) (submitSeconds * 3_000));
    boolean complete = LoopbackNodes.await(() -> net.arrivedEverywhere() >= target, limit);
    double everywhere = (System.nanoTime() - start) / 1e9;
    return new Step(rate, txs.size(), submitSeconds, everywhere, complete);
  }

  /** Prints the result of a run; arguments: seconds per step, announce batch, rates. */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int batch =
        args.length > 1 ? Integer.parseInt(args[1]) : SyncConfig.defaults().txAnnounceBatch();
    int[] rates =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 200, 400, 800, 1600, 3200};
    SyncConfig.Builder builder = SyncConfig.defaults().toBuilder().txAnnounceBatch(batch);
    // -Dflood=R raises the flood limit to R tx/s (burst 5 s) and the request budgets with it.
    double flood = Double.parseDouble(System.getProperty("flood", "0"));
    if (flood > 0) {
      builder
          .txFlood(flood, (int) (5 * flood))
          .requestLimits(RequestLimits.defaults().scaled(Math.max(1, flood / 1_000)));
    }
    SyncConfig config = builder.build();
    Result r = run(rates, seconds, config);
    for (Step s : r.steps()) {
      System.out.printf(
          Locale.ROOT,
          "offered %d tx/s: %d tx, submitted in %.2f s, in every mempool after %.2f s -> %.0f"
              + " tx/s%s%n",
          s.offeredRate(),
          s.transactions(),
          s.submitSeconds(),
          s.everywhereSeconds(),
          s.acceptedRate(),
          s.complete() ? "" : " (incomplete)");
    }
    RelayCounter.Counts c = r.counts();
    System.out.printf(
        Locale.ROOT,
        "relay: %d link directions, %d InvTx messages, %d wtxids announced (%.2f per tx),"
            + " %d duplicate announcements, %d Tx messages, %d duplicate Tx%n",
        c.linkDirections(),
        c.invTxMessages(),
        c.announced(),
        c.announced() / (double) r.transactions(),
        c.duplicateAnnouncements(),
        c.txMessages(),
        c.duplicateTxMessages());
    System.out.printf(
        Locale.ROOT,
        "ping under load: p50 %.2f ms, p99 %.2f ms (%d samples)%n",
        r.pingP50(),
        r.pingP99(),
        r.pingSamples());
    System.out.printf(
        Locale.ROOT,
        "RESULT throughput batch=%d: %.0f tx/s accepted by every node; bound %.0f tx/s"
            + " (%.0f Ed25519 verifications/s / %d nodes); ratio %.3f%n",
        batch,
        r.best(),
        r.bound(),
        r.verifyPerSecond(),
        NODES,
        r.ratio());
  }
}
