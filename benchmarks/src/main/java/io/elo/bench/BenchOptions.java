package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Set;

/**
 * The options of {@code elo bench network} and {@code elo bench soak}: {@code --nodes N}, {@code
 * --tps X}, {@code --duration D} (seconds, or with a unit: {@code 90s}, {@code 3m}, {@code 1h}),
 * {@code --latency MS}, {@code --mode sim|tcp}, {@code --keys one|distinct}, {@code --saturate},
 * {@code --seed S}, {@code --out FILE}, {@code --help}. Malformed options throw {@link
 * IllegalArgumentException}.
 */
record BenchOptions(
    int nodes,
    int tps,
    double seconds,
    long latencyMillis,
    String mode,
    KeyMode keys,
    boolean saturate,
    long seed,
    String out,
    boolean help) {

  static final String NETWORK_USAGE =
      "usage: elo bench network [--nodes N] [--tps X] [--duration D] [--latency MS]"
          + " [--keys one|distinct] [--saturate] [--mode tcp|sim] [--seed S]\n"
          + "  N in-process nodes (default 10) over encrypted loopback TCP (sparse random topology),\n"
          + "  X transactions per second (default 50) for D (default 30s; 90s, 3m, 1h), MS one-way\n"
          + "  delay per link (default 0), signed by one key (default) or a key each. --saturate\n"
          + "  runs D at X (default a quarter of the bound), doubling X until the pools fall\n"
          + "  behind, then 1.25x steps from the last rate that kept up, and reports the highest\n"
          + "  sustained rate. --mode sim runs the simulated network (50 ms links, propagation\n"
          + "  only). Prints a table (figure, value, bound, ratio) and RESULT lines.";

  static final String SOAK_USAGE =
      "usage: elo bench soak [--nodes N] [--tps X] [--duration D] [--out FILE] [--seed S]\n"
          + "  N in-process nodes (default 10) with data directories over encrypted loopback TCP,\n"
          + "  restarted at random (graceful close, then start on the same directory), X tx/s (default\n"
          + "  5), a block every 5 s, sampled every second for D (default 3m). Fails unless uptime\n"
          + "  > 99% and every heal check finds one tip and one UTXO digest. FILE gets one line per\n"
          + "  minute of progress and the result.";

  static BenchOptions parse(String[] args) {
    Flags f =
        Flags.parse(
            args,
            Set.of(
                "--nodes", "--tps", "--duration", "--latency", "--mode", "--keys", "--seed",
                "--out"),
            Set.of("--saturate"));
    int nodes = f.integer("--nodes", 10);
    long latency = Long.parseLong(f.text("--latency", "0").replace("ms", ""));
    String mode = f.text("--mode", "tcp");
    checkArgument(mode.equals("tcp") || mode.equals("sim"), "--mode must be tcp or sim: %s", mode);
    checkArgument(nodes >= 2 && nodes <= 64, "--nodes must be 2..64: %s", nodes);
    checkArgument(latency >= 0, "--latency must not be negative");
    checkArgument(!f.has("--saturate") || mode.equals("tcp"), "--saturate runs over TCP only");
    return new BenchOptions(
        nodes,
        f.integer("--tps", -1),
        f.seconds("--duration", -1),
        latency,
        mode,
        KeyMode.parse(f.text("--keys", "one")),
        f.has("--saturate"),
        f.longValue("--seed", System.nanoTime()),
        f.text("--out", null),
        f.has("--help"));
  }

  int tpsOr(int fallback) {
    return tps > 0 ? tps : fallback;
  }

  double secondsOr(double fallback) {
    return seconds > 0 ? seconds : fallback;
  }
}
