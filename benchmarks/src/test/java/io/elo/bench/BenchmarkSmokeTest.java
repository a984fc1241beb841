package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI's smoke run: every benchmark executes once, briefly, in this JVM, and the report computes every
 * ratio. It measures nothing worth reading; it proves the benchmarks and the report work.
 */
class BenchmarkSmokeTest {
  static {
    // A benchmark run elsewhere on the machine must not fail the build's smoke run.
    System.setProperty("jmh.ignoreLock", "true");
  }

  @Test
  void everyBenchmarkRuns_andEveryRatioIsReported() throws RunnerException {
    List<BenchmarkReport.Row> rows =
        BenchmarkReport.run(
            new OptionsBuilder()
                .include("io\\.elo\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                // Small stores, blocks and syncs: setup stays quick; full sizes are for real runs.
                .param("coins", "10000")
                .param("txs", "50")
                .param("blocks", "20")
                .param("changes", "40")
                .param("initial", "200")
                .param("batch", "200")
                .param("transactions", "1000")
                .param("size", "64")
                .param("frameSize", "1024")
                .shouldFailOnError(true)
                .build());

    assertTrue(rows.size() >= 10, "benchmarks that ran: " + rows);
    rows.forEach(r -> assertTrue(r.median() > 0, r.toString()));
    Map<String, Double> ratios = BenchmarkReport.ratios(rows);
    BenchmarkReport.RATIOS.forEach(
        r -> assertTrue(BenchmarkReport.computed(ratios, r), r.label() + " missing: " + ratios));
    ratios.values().forEach(v -> assertTrue(v > 0 && Double.isFinite(v), ratios.toString()));

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    BenchmarkReport.print(rows, new PrintStream(text, true, StandardCharsets.UTF_8));
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("| ratio (Elo time / baseline time, medians) |"));
  }

  @Test
  void mempoolMemory_measuresAPositiveFootprint() throws Exception {
    MempoolMemory.Result result = MempoolMemory.measure(500);
    assertTrue(result.transactions() >= 450, result.toString());
    assertTrue(result.bytesPerTransaction() > result.encodedPerTransaction(), result.toString());
    assertTrue(result.encodedPerTransaction() > 100, result.toString());
  }
}
