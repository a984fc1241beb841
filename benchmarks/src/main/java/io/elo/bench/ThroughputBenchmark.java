package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.mempool.AdmissionResult;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.sync.SyncConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * {@code elo bench throughput}: sustained transaction throughput of a 3-node network. Three
 * in-process nodes over encrypted loopback TCP in a line (0 dials 1, 1 dials 2), mining off. A
 * generator thread submits pre-signed single-input Ed25519 transactions to node 0 at increasing
 * offered rates, one step at a time (a ramp); a step's accepted rate is its transactions divided by
 * the time until the last of them reached the mempool of every node, and a ramp's figure is its
 * best step. Each ramp runs on fresh nodes, so the same pre-signed transactions serve every ramp of
 * a key mode.
 *
 * <p>Bound: Ed25519 signature checks per second on all cores ({@link VerifyRate}, the same kind of
 * check as the workload: a verification for {@link KeyMode#ONE}, a full key decode plus a
 * verification for {@link KeyMode#DISTINCT}), measured around each ramp, divided by 3: every node
 * checks every transaction once and the three nodes share the cores. Ratio = best / bound; a
 * configuration's figures are the medians of its ramps.
 * Key caches are per node, so each node decodes every distinct key itself.
 *
 * <p>Flood limits ({@link Flood}): raised above the offered rate, or the defaults. Each
 * transaction must be announced at most once per link direction ({@link RelayCounter}); {@link
 * PingProbe} measures ping round trips under the load.
 */
public final class ThroughputBenchmark {
  static final int NODES = 3;

  static final String USAGE =
      "usage: elo bench throughput [--runs N] [--duration D] [--keys distinct,one]"
          + " [--flood raised,default] [--rates R1,R2,...]\n"
          + "  3 in-process nodes over encrypted loopback TCP (a line); transactions submitted to\n"
          + "  node 0 in steps of D each (default 10s) at rising rates (default the bound x 1/16,\n"
          + "  1/8, ... 2, stopping at the first step under 0.8 of its rate), signed by a key each\n"
          + "  and by one key, with flood limits raised above the rates and the defaults; N ramps\n"
          + "  of each (default 3). Prints each step and ramp, then one RESULT line per keys/flood\n"
          + "  pair: medians of accepted tx/s in every pool, of the bound (all-core signature\n"
          + "  checks/s / 3) and of the ratio.";

  private ThroughputBenchmark() {}

  /** The flood limits of a ramp. */
  enum Flood {
    /**
     * {@link SyncConfig#txFloodRate()}, its burst and every {@link SyncConfig#requestLimits()} rate
     * scaled by the same factor, so the flood rate is 4x the ramp's highest offered rate; the
     * announcements tracked per peer raised to the burst.
     */
    RAISED("raised"),
    /** {@link SyncConfig#defaults()}. */
    DEFAULT("default");

    private final String label;

    Flood(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }

    static Flood parse(String text) {
      return Arrays.stream(values())
          .filter(f -> f.label.equals(text))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("flood must be raised or default: " + text));
    }

    /** The configuration for ramps offering at most {@code highestRate} transactions/s. */
    SyncConfig config(int highestRate) {
      SyncConfig d = SyncConfig.defaults();
      if (this == DEFAULT) {
        return d;
      }
      double factor = Math.max(1, 4.0 * highestRate / d.txFloodRate());
      int burst = (int) Math.ceil(d.txFloodBurst() * factor);
      // A sender may announce up to 0.8 of the burst at once: the receiver must be able to track
      // that many, or announcements past its bound are ignored (docs/protocol.md).
      return d.toBuilder()
          .txFlood(d.txFloodRate() * factor, burst)
          .txRequests(Math.max(d.txMaxAnnouncementsPerPeer(), burst), d.txRequestWindowFloor())
          .requestLimits(d.requestLimits().scaled(factor))
          .build();
    }
  }

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

  /** One ramp on fresh nodes. */
  record Ramp(
      KeyMode keys,
      Flood flood,
      SyncConfig config,
      List<Step> steps,
      double checksPerSecond,
      RelayCounter.Counts counts,
      long transactions,
      double pingP99,
      int pingSamples) {
    /** The best accepted rate of a complete step. */
    double best() {
      return steps.stream().filter(Step::complete).mapToDouble(Step::acceptedRate).max().orElse(0);
    }

    /** The signature bound for three nodes sharing this machine. */
    double bound() {
      return checksPerSecond / NODES;
    }

    /** Ratio of {@link #best()} to {@link #bound()}. */
    double ratio() {
      return best() / bound();
    }
  }

  /** The ramps of one keys/flood pair. */
  record Summary(KeyMode keys, Flood flood, List<Ramp> ramps) {
    double accepted() {
      return Stats.median(ramps.stream().map(Ramp::best).toList());
    }

    double bound() {
      return Stats.median(ramps.stream().map(Ramp::bound).toList());
    }

    double ratio() {
      return Stats.median(ramps.stream().map(Ramp::ratio).toList());
    }

    /** {@code RESULT throughput key=value ...}. */
    String line(double stepSeconds) {
      SyncConfig c = ramps.get(0).config();
      return String.format(
          Locale.ROOT,
          "RESULT throughput keys=%s flood=%s runs=%d nodes=%d cores=%d step_s=%.0f"
              + " accepted_tps=%.0f bound_tps=%.0f ratio=%.3f target=0.7 run_ratios=%s"
              + " check=%s checks_per_s=%.0f flood_rate=%.0f flood_burst=%d ping_p99_ms=%.2f"
              + " duplicate_announcements=%d duplicate_tx=%d",
          keys.label(), flood.label(), ramps.size(), NODES,
          Runtime.getRuntime().availableProcessors(), stepSeconds, accepted(), bound(), ratio(),
          ramps.stream().map(r -> String.format(Locale.ROOT, "%.3f", r.ratio()))
              .collect(Collectors.joining(",")),
          keys == KeyMode.DISTINCT ? "decode+verify" : "verify",
          Stats.median(ramps.stream().map(Ramp::checksPerSecond).toList()), c.txFloodRate(),
          c.txFloodBurst(), Stats.median(ramps.stream().map(Ramp::pingP99).toList()),
          ramps.stream().mapToLong(r -> r.counts().duplicateAnnouncements()).sum(),
          ramps.stream().mapToLong(r -> r.counts().duplicateTxMessages()).sum());
    }
  }

  /** What to run: ramps per pair, seconds per step, key modes, flood limits, fixed rates. */
  record Settings(
      int runs, double seconds, List<KeyMode> keys, List<Flood> floods, List<Integer> rates) {
    Settings {
      checkArgument(runs > 0 && seconds > 0, "runs and seconds must be positive");
      checkArgument(rates == null || rates.stream().allMatch(r -> r > 0), "rates must be > 0");
    }
  }

  /** Pre-signed transactions of one key mode and the rates of its ramps. */
  static final class Workload {
    private final Funding funding;
    private final List<Transaction> signed = new ArrayList<>();
    private final List<Integer> rates;

    Workload(KeyMode keys, List<Integer> rates, double seconds) {
      this.rates = List.copyOf(rates);
      int total = rates.stream().mapToInt(r -> (int) Math.round(r * seconds)).sum();
      this.funding = new Funding(total, keys);
    }

    /** Rates from 1/16 to 2 x the bound, doubling, if {@code rates} is null. */
    static Workload plan(KeyMode keys, List<Integer> rates, double seconds)
        throws InterruptedException {
      if (rates != null) {
        return new Workload(keys, rates, seconds);
      }
      int cores = Runtime.getRuntime().availableProcessors();
      double bound = VerifyRate.measure(keys, cores, 1_000) / NODES;
      List<Integer> planned = new ArrayList<>();
      for (double f = 1.0 / 16; f <= 2; f *= 2) {
        planned.add((int) Math.max(1, Math.round(bound * f)));
      }
      return new Workload(keys, planned, seconds);
    }

    KeyMode keys() {
      return funding.keys();
    }

    /** Transactions {@code from} to {@code from + count} of the workload, signed on first use. */
    List<Transaction> take(int from, int count) {
      if (signed.size() < from + count) {
        signed.addAll(funding.next(from + count - signed.size()));
      }
      return signed.subList(from, from + count);
    }
  }

  /** Runs the ramps of {@code s}, interleaving the pairs run by run; returns one summary each. */
  static List<Summary> run(Settings s) throws Exception {
    Map<KeyMode, Workload> workloads = new EnumMap<>(KeyMode.class);
    List<Summary> summaries = new ArrayList<>();
    for (Flood flood : s.floods()) {
      for (KeyMode keys : s.keys()) {
        summaries.add(new Summary(keys, flood, new ArrayList<>()));
      }
    }
    for (int run = 1; run <= s.runs(); run++) {
      for (Summary summary : summaries) {
        Workload w = workloads.get(summary.keys());
        if (w == null) {
          w = Workload.plan(summary.keys(), s.rates(), s.seconds());
          workloads.put(summary.keys(), w);
        }
        Ramp r = ramp(w, s.seconds(), summary.flood());
        summary.ramps().add(r);
        System.out.printf(
            Locale.ROOT,
            "ramp %d keys=%s flood=%s: best %.0f tx/s; bound %.0f tx/s (%.0f checks/s / %d);"
                + " ratio %.3f; ping p99 %.2f ms; %.2f announcements per tx, %d duplicates%n",
            run, r.keys().label(), r.flood().label(), r.best(), r.bound(), r.checksPerSecond(),
            NODES, r.ratio(), r.pingP99(), r.counts().announced() / (double) r.transactions(),
            r.counts().duplicateAnnouncements());
      }
    }
    return summaries;
  }

  /** One ramp of {@code w}'s rates, {@code seconds} each, on three fresh nodes. */
  static Ramp ramp(Workload w, double seconds, Flood flood) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    double before = VerifyRate.measure(w.keys(), cores, 1_000);
    SyncConfig config = flood.config(w.rates.stream().mapToInt(i -> i).max().orElseThrow());
    List<Step> steps = new ArrayList<>();
    RelayCounter.Counts counts;
    List<Double> pings;
    int sent = 0;
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        nodes.add(net.add(b -> b.syncConfig(config)));
      }
      for (Node node : nodes) {
        LoopbackNodes.submitAll(node, w.funding.blocks());
      }
      try (PingProbe ping = new PingProbe(nodes)) {
        for (int i = 0; i + 1 < NODES; i++) {
          LoopbackNodes.connect(nodes.get(i), nodes.get(i + 1));
        }
        ping.start(100);
        for (int rate : w.rates) {
          List<Transaction> txs = w.take(sent, (int) Math.round(rate * seconds));
          Step step = step(net, nodes.get(0), txs, rate, sent);
          sent += txs.size();
          steps.add(step);
          System.out.printf(
              Locale.ROOT,
              "  keys=%s flood=%s offered %d tx/s: %d tx, submitted in %.2f s, in every mempool"
                  + " after %.2f s -> %.0f tx/s%s%n",
              w.keys().label(), flood.label(), rate, step.transactions(), step.submitSeconds(),
              step.everywhereSeconds(), step.acceptedRate(), step.complete() ? "" : " INCOMPLETE");
          if (!step.complete() || step.acceptedRate() < 0.8 * rate) {
            break;
          }
        }
        pings = ping.samples();
      }
      counts = net.counter().counts();
    }
    double after = VerifyRate.measure(w.keys(), cores, 1_000);
    return new Ramp(
        w.keys(), flood, config, steps, (before + after) / 2, counts, sent,
        PingProbe.quantile(pings, 0.99), pings.size());
  }

  /** Submits {@code txs} to {@code first} at {@code rate} and waits until every node has them. */
  static Step step(LoopbackNodes net, Node first, List<Transaction> txs, int rate, long before)
      throws InterruptedException {
    long start = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    for (int i = 0; i < txs.size(); i++) {
      long wait = start + i * interval - System.nanoTime();
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

  /** Runs {@code elo bench throughput [options]} ({@link #USAGE}) and prints RESULT lines. */
  public static void main(String[] args) throws Exception {
    Flags f =
        Flags.parse(
            args, Set.of("--runs", "--duration", "--keys", "--flood", "--rates"), Set.of());
    if (f.has("--help")) {
      System.out.println(USAGE);
      return;
    }
    Settings s =
        new Settings(
            f.integer("--runs", 3),
            f.seconds("--duration", 10),
            f.list("--keys", List.of(KeyMode.DISTINCT, KeyMode.ONE), KeyMode::parse),
            f.list("--flood", List.of(Flood.RAISED, Flood.DEFAULT), Flood::parse),
            f.list("--rates", null, Integer::parseInt));
    for (Summary summary : run(s)) {
      System.out.println(summary.line(s.seconds()));
    }
  }
}
