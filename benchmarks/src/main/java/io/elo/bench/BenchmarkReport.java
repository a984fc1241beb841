package io.elo.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and prints a Markdown report: the median of the measured iterations of
 * every benchmark (this machine is noisy, so medians, not means), then each of Elo's figures as a
 * ratio against the baseline measured in the same run.
 *
 * <p>Takes the usual JMH command-line options (for example {@code -f 1 -wi 3 -i 5 Signature});
 * without any, it runs everything with a few-minute default.
 */
public final class BenchmarkReport {
  /** Ratios to report: label, Elo's benchmark, the baseline it is judged against. */
  static final List<Ratio> RATIOS =
      List.of(
          new Ratio("header hash, midstate vs plain MessageDigest", "HeaderHashBenchmark.headerHasherMidstate", "HeaderHashBenchmark.plainMessageDigest"),
          new Ratio("header hash, full vs plain MessageDigest", "HeaderHashBenchmark.headerHasherFull", "HeaderHashBenchmark.plainMessageDigest"),
          new Ratio("Ed25519 sign, Elo vs raw Bouncy Castle", "SignatureBenchmark.ed25519SignElo", "SignatureBenchmark.ed25519SignRaw"),
          new Ratio("Ed25519 verify, Elo vs raw Bouncy Castle (decoded key)", "SignatureBenchmark.ed25519VerifyElo", "SignatureBenchmark.ed25519VerifyRaw"),
          new Ratio("Ed25519 verify, Elo vs raw Bouncy Castle (key decoded per call)", "SignatureBenchmark.ed25519VerifyElo", "SignatureBenchmark.ed25519VerifyRawUncachedKey"),
          new Ratio("secp256k1 sign, Elo vs raw Bouncy Castle", "SignatureBenchmark.secp256k1SignElo", "SignatureBenchmark.secp256k1SignRaw"),
          new Ratio("secp256k1 verify, Elo vs raw Bouncy Castle", "SignatureBenchmark.secp256k1VerifyElo", "SignatureBenchmark.secp256k1VerifyRaw"),
          // Target <= 1.1 (distinct keys, empty caches: one key decode and one verify per input).
          Ratio.scaled("block validation, cold vs bound txs x (decode + verify) / cores", "BlockValidationBenchmark.cold", "BlockValidationBenchmark.ed25519DecodeAndVerify", BenchmarkReport::signaturesPerCore),
          // Target <= 0.1 (warm at least 10x faster than cold).
          new Ratio("block validation, warm vs cold", "BlockValidationBenchmark.warm", "BlockValidationBenchmark.cold"),
          // Target <= 0.1 (the cache wins by an order of magnitude).
          new Ratio("UTXO sync on MapDB, cache flushes vs commit per block", "UtxoSyncBenchmark.cachedFlushes", "UtxoSyncBenchmark.commitPerBlock"),

          new Ratio("mempool admission vs signature bound, one thread (target <= 1.25, i.e. >= 0.8 of the bound's throughput)", "MempoolBenchmark.admitOneThread", "MempoolBenchmark.signatureBoundOneThread"),
          new Ratio("mempool admission vs signature bound, all cores (target <= 1.25)", "MempoolBenchmark.admitAllCores", "MempoolBenchmark.signatureBoundAllCores"),
          new Ratio("TCP round trip from a caller thread, Elo vs blocking sockets", "TcpRoundTripBenchmark.eloRoundTrip", "TcpRoundTripBenchmark.rawRoundTrip"),
          new Ratio("TCP 100 round trips driven by handlers, Elo vs blocking sockets", "TcpRoundTripBenchmark.eloPingPong100", "TcpRoundTripBenchmark.rawPingPong100"),
          new Ratio("TCP 1,000 one-way 1 KiB frames, Elo vs blocking sockets", "TcpThroughputBenchmark.eloStream1000", "TcpThroughputBenchmark.rawStream1000"),
          // Target <= 1.25 (encrypted throughput >= 0.8 of the cipher alone).
          new Ratio("secure channel, 1,000 encrypted frames over TCP vs the cipher alone", "SecureChannelBenchmark.encryptedStream1000", "SecureChannelBenchmark.cipherAlone1000"),
          new Ratio("secure channel, 1,000 frames over TCP, encrypted vs plaintext", "SecureChannelBenchmark.encryptedStream1000", "SecureChannelBenchmark.plainStream1000"),
          new Ratio("secure channel, 100-byte round trip, encrypted vs plaintext", "SecureChannelBenchmark.encryptedRoundTrip", "SecureChannelBenchmark.plainRoundTrip"),
          new Ratio("ChaCha20-Poly1305 seal, JDK vs Bouncy Castle", "NoiseCryptoBenchmark.sealJdk", "NoiseCryptoBenchmark.sealBouncyCastle"),
          new Ratio("X25519, JDK vs Bouncy Castle", "NoiseCryptoBenchmark.x25519Jdk", "NoiseCryptoBenchmark.x25519BouncyCastle"));


  /** The bound's multiplier for a block validation row: signatures per core. */
  static double signaturesPerCore(Map<String, String> params) {
    double txs = Double.parseDouble(params.get("txs"));
    int cores = "1".equals(params.get("threads")) ? 1 : Runtime.getRuntime().availableProcessors();
    return txs / cores;
  }

  private BenchmarkReport() {}

  /**
   * A ratio of two benchmarks' median times: below 1 means Elo is faster than the baseline. The
   * baseline either ran with the same parameters, or ({@code scale} set) it has none and its time
   * is multiplied by {@code scale} of Elo's parameters, to form a bound.
   */
  record Ratio(
      String label, String ours, String baseline, ToDoubleFunction<Map<String, String>> scale) {
    Ratio(String label, String ours, String baseline) {
      this(label, ours, baseline, null);
    }

    static Ratio scaled(
        String label, String ours, String baseline, ToDoubleFunction<Map<String, String>> scale) {
      return new Ratio(label, ours, baseline, scale);
    }
  }

  /** One benchmark's figures, times in the benchmark's unit. */
  record Row(String name, String params, double median, double min, double max, String unit) {}

  public static void main(String[] args) throws RunnerException {
    Options options;
    try {
      CommandLineOptions cli = new CommandLineOptions(args);
      ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli);
      if (args.length == 0) {
        builder.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(5).measurementTime(TimeValue.seconds(1));
      }
      options = builder.build();
    } catch (CommandLineOptionException e) {
      System.err.println("bad options: " + e.getMessage());
      System.exit(2);
      return;
    }
    print(run(options), System.out);
  }

  /** Runs JMH and reduces every benchmark to its median iteration. */
  static List<Row> run(Options options) throws RunnerException {
    Collection<RunResult> results = new Runner(options).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult run : results) {
      List<Double> scores = new ArrayList<>();
      String unit = run.getPrimaryResult().getScoreUnit();
      for (BenchmarkResult b : run.getBenchmarkResults()) {
        for (IterationResult it : b.getIterationResults()) {
          scores.add(it.getPrimaryResult().getScore());
        }
      }
      scores.sort(Double::compare);
      String name = run.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder params = new StringBuilder();
      for (String key : run.getParams().getParamsKeys()) {
        params.append(key).append('=').append(run.getParams().getParam(key)).append(' ');
      }
      rows.add(new Row(name, params.toString().trim(), median(scores), scores.get(0), scores.get(scores.size() - 1), unit));
    }
    return rows;
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Ratios whose two benchmarks both ran (with the same parameters), keyed by label. */
  static Map<String, Double> ratios(List<Row> rows) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Ratio r : RATIOS) {
      for (Row ours : rows) {
        if (!ours.name().equals(r.ours())) {
          continue;
        }
        for (Row base : rows) {
          boolean matches = r.scale() == null ? base.params().equals(ours.params()) : base.params().isEmpty();
          if (base.name().equals(r.baseline()) && matches) {
            String label = ours.params().isEmpty() ? r.label() : r.label() + " (" + ours.params() + ")";
            double factor = r.scale() == null ? 1 : r.scale().applyAsDouble(paramMap(ours.params()));
            out.put(label, nanos(ours) / (nanos(base) * factor));
          }
        }
      }
    }
    return out;
  }

  /** Whether {@code ratios} holds {@code ratio} for at least one parameter set. */
  static boolean computed(Map<String, Double> ratios, Ratio ratio) {
    return ratios.keySet().stream().anyMatch(k -> k.equals(ratio.label()) || k.startsWith(ratio.label() + " ("));
  }

  private static Map<String, String> paramMap(String params) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : params.split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        map.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return map;
  }

  /** A row's median in nanoseconds per operation, whatever its output unit. */
  static double nanos(Row row) {
    String unit = row.unit();
    double scale =
        switch (unit.substring(0, unit.indexOf('/'))) {
          case "ns" -> 1;
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    return row.median() * scale;
  }

  static void print(List<Row> rows, PrintStream out) {
    out.println("| benchmark | params | median | min | max | unit |");
    out.println("|---|---|---:|---:|---:|---|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %s |%n", r.name(), r.params(), r.median(), r.min(), r.max(), r.unit());
    }
    out.println();
    out.println("| ratio (Elo time / baseline time, medians) | value |");
    out.println("|---|---:|");
    ratios(rows).forEach((label, value) -> out.printf(Locale.ROOT, "| %s | %.3f |%n", label, value));
  }
}
