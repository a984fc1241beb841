package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code elo bench network --saturate}: {@link NetworkBenchmark} runs on the same topology (same
 * seed) at rising offered rates until the pools fall behind ({@link #behind}): the rate doubles
 * until a run falls behind, then rises from the last rate that kept up by {@link #STEP} per run,
 * below the one that fell behind. The figure is the highest sustained rate: the steady rate into
 * every pool, at most the offer ({@link #sustainedTps}), of the fastest run that kept up below
 * every run that fell behind, against its bound
 * (all-core signature checks per second / nodes, target {@link #TARGET}), with that run's
 * transaction latency p99 against its bound and bytes per transaction per link. Each run starts
 * fresh nodes, so a backlog never carries over.
 */
final class NetworkSaturation {
  /** Factor between the offered rates of two runs once the doubling has found a limit. */
  static final double STEP = 1.25;

  /** The target for the sustained rate over its bound. */
  static final double TARGET = 0.85;

  /** The share of the offered rate a run must reach every pool at, steadily, to keep up. */
  static final double KEPT_UP = 0.9;

  /** Runs tried at most. */
  static final int MAX_STEPS = 16;

  private NetworkSaturation() {}

  /** The runs in the order they ran. */
  record Outcome(List<NetworkResult> runs) {
    /** The fastest run that kept up below the slowest run that fell behind. */
    Optional<NetworkResult> sustained() {
      int ceiling = failed().map(NetworkResult::offeredTps).orElse(Integer.MAX_VALUE);
      return runs.stream()
          .filter(r -> behind(r).isEmpty() && r.offeredTps() < ceiling)
          .max(Comparator.comparingInt(NetworkResult::offeredTps));
    }

    /** The slowest run that fell behind. */
    Optional<NetworkResult> failed() {
      return runs.stream()
          .filter(r -> behind(r).isPresent())
          .min(Comparator.comparingInt(NetworkResult::offeredTps));
    }

    /** {@code RESULT network-saturation key=value ...}. */
    String line(long seed, double seconds) {
      NetworkResult first = runs.get(0);
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "RESULT network-saturation nodes=%d keys=%s seed=%d links=%d diameter=%d"
                      + " latency_ms=%d run_s=%.0f runs=%d",
                  first.nodes(), first.keys().label(), seed, first.links(), first.diameter(),
                  first.latencyMillis(), seconds, runs.size()));
      Optional<NetworkResult> s = sustained();
      if (s.isPresent()) {
        NetworkResult r = s.get();
        b.append(
            String.format(
                Locale.ROOT,
                " sustained_tps=%.1f offered_tps=%d steady_tps=%.1f bound_tps=%.1f ratio=%.3f"
                    + " target=%.2f tx_p99_ms=%.0f tx_bound_p99_ms=%.0f tx_p99_ratio=%.3f"
                    + " bytes_per_tx_link=%.1f bytes_bound=%.0f",
                sustainedTps(r), r.offeredTps(), r.steadyTps(), r.tpsBound(),
                sustainedTps(r) / r.tpsBound(), TARGET, NetworkResult.ms(r.txDelays(), 0.99), r.txBoundP99Ms(),
                NetworkResult.ms(r.txDelays(), 0.99) / r.txBoundP99Ms(), r.bytesPerTxPerLink(),
                r.bytesBound()));
      } else {
        b.append(" sustained_tps=0");
      }
      failed()
          .ifPresent(
              f ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          " behind_offered_tps=%d behind_steady_tps=%.1f behind_reason=%s",
                          f.offeredTps(), f.steadyTps(), behind(f).orElseThrow())));
      return b.toString();
    }
  }

  /**
   * The rate a run that kept up sustained into every pool: its steady rate, at most the offered
   * rate (the steady window also counts early transactions that arrive late while the relay
   * fills, which is not throughput).
   */
  static double sustainedTps(NetworkResult r) {
    return Math.min(r.steadyTps(), r.offeredTps());
  }

  /**
   * Why run {@code r} fell behind, or empty if it kept up: every transaction in every pool, the
   * steady rate reaching every pool ({@link NetworkBenchmark#steadyRate}) at least {@link #KEPT_UP}
   * of the offered one, and the transaction latency p99 within its bound.
   */
  static Optional<String> behind(NetworkResult r) {
    if (!r.complete()) {
      return Optional.of("incomplete");
    }
    if (r.steadyTps() < KEPT_UP * r.offeredTps()) {
      return Optional.of("steady_under_0.9_offered");
    }
    if (NetworkResult.ms(r.txDelays(), 0.99) > r.txBoundP99Ms()) {
      return Optional.of("tx_p99_over_bound");
    }
    return Optional.empty();
  }

  /** One run at an offered rate. */
  interface Attempt {
    NetworkResult at(int tps) throws Exception;
  }

  /**
   * Runs from {@code firstTps} (or, if not positive, a quarter of the signature bound measured now)
   * up, each run {@code seconds} long; see {@link #search}.
   */
  static Outcome run(
      int nodes, int firstTps, double seconds, long latencyMillis, long seed, KeyMode keys,
      int maxSteps)
      throws Exception {
    double first = firstTps;
    if (first <= 0) {
      int cores = Runtime.getRuntime().availableProcessors();
      first = Math.max(1, 0.25 * VerifyRate.measure(keys, cores, 1_000) / nodes);
    }
    return search(first, maxSteps, tps -> run1(nodes, tps, seconds, latencyMillis, seed, keys));
  }

  /**
   * Attempts {@code first}, doubling the rate until a run falls behind, then by {@link #STEP} from
   * the last rate that kept up until a run falls behind again or the next rate would reach one
   * that did; at most {@code maxSteps} runs.
   */
  static Outcome search(double first, int maxSteps, Attempt attempt) throws Exception {
    checkArgument(first >= 1 && maxSteps > 0, "first rate >= 1 and maxSteps > 0");
    List<NetworkResult> runs = new ArrayList<>();
    double tps = first;
    double factor = 2;
    double kept = 0;
    while (runs.size() < maxSteps) {
      NetworkResult r = attempt.at((int) Math.round(tps));
      runs.add(r);
      double next;
      if (behind(r).isEmpty()) {
        kept = tps;
        next = tps * factor;
      } else if (factor == 2 && kept > 0) {
        factor = STEP; // a limit found: refine from the last rate that kept up
        next = kept * factor;
      } else {
        break;
      }
      Optional<NetworkResult> failed = new Outcome(runs).failed();
      if (failed.isPresent() && Math.round(next) >= failed.get().offeredTps()) {
        break;
      }
      tps = next;
    }
    return new Outcome(runs);
  }

  private static NetworkResult run1(
      int nodes, int tps, double seconds, long latencyMillis, long seed, KeyMode keys)
      throws Exception {
    NetworkResult r = NetworkBenchmark.run(nodes, tps, seconds, latencyMillis, seed, keys);
    System.out.println(r.line("tcp"));
    System.out.printf(
        Locale.ROOT,
        "offered %d tx/s: %.1f tx/s steadily into every pool, tx p99 %.0f ms (bound %.0f): %s%n",
        tps, r.steadyTps(), NetworkResult.ms(r.txDelays(), 0.99), r.txBoundP99Ms(),
        behind(r).map(why -> "BEHIND (" + why + ")").orElse("kept up"));
    return r;
  }

  /** {@code elo bench network --saturate ...}: prints each run and the RESULT line. */
  static void main(BenchOptions o) throws Exception {
    double seconds = o.secondsOr(30);
    Outcome outcome =
        run(o.nodes(), o.tps(), seconds, o.latencyMillis(), o.seed(), o.keys(), MAX_STEPS);
    System.out.println(outcome.line(o.seed(), seconds));
    if (outcome.sustained().isEmpty()) {
      System.exit(1);
    }
  }
}
