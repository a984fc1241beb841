package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Locale;

/**
 * The options of {@code elo bench network} and {@code elo bench soak}: {@code --nodes N}, {@code
 * --tps X}, {@code --duration D} (seconds, or with a unit: {@code 90s}, {@code 3m}, {@code 1h}),
 * {@code --latency MS}, {@code --mode sim|tcp}, {@code --seed S}, {@code --out FILE}, {@code
 * --help}. Malformed options throw {@link IllegalArgumentException}.
 */
record BenchOptions(
    int nodes,
    int tps,
    double seconds,
    long latencyMillis,
    String mode,
    long seed,
    String out,
    boolean help) {

  static final String NETWORK_USAGE =
      "usage: elo bench network [--nodes N] [--tps X] [--duration D] [--latency MS]"
          + " [--mode tcp|sim] [--seed S]\n"
          + "  N in-process nodes (default 10) over encrypted loopback TCP (sparse random topology),\n"
          + "  X transactions per second (default 50) for D (default 30s; 90s, 3m, 1h), MS one-way\n"
          + "  delay per link (default 0). --mode sim runs the simulated network (50 ms links,\n"
          + "  propagation only). Prints a table (figure, value, bound, ratio) and a RESULT line.";

  static final String SOAK_USAGE =
      "usage: elo bench soak [--nodes N] [--tps X] [--duration D] [--out FILE] [--seed S]\n"
          + "  N in-process nodes (default 10) with data directories over encrypted loopback TCP,\n"
          + "  restarted at random (graceful close, then start on the same directory), X tx/s (default\n"
          + "  5), a block every 5 s, sampled every second for D (default 3m). Fails unless uptime\n"
          + "  > 99% and every heal check finds one tip and one UTXO digest. FILE gets one line per\n"
          + "  minute of progress and the result.";

  static BenchOptions parse(String[] args) {
    int nodes = 10;
    int tps = -1;
    double seconds = -1;
    long latency = 0;
    String mode = "tcp";
    long seed = System.nanoTime();
    String out = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
        continue;
      }
      checkArgument(i + 1 < args.length, "%s needs a value", a);
      String v = args[++i];
      switch (a) {
        case "--nodes" -> nodes = Integer.parseInt(v);
        case "--tps" -> tps = Integer.parseInt(v);
        case "--duration" -> seconds = seconds(v);
        case "--latency" -> latency = Long.parseLong(v.replace("ms", ""));
        case "--mode" -> mode = v;
        case "--seed" -> seed = Long.parseLong(v);
        case "--out" -> out = v;
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    checkArgument(mode.equals("tcp") || mode.equals("sim"), "--mode must be tcp or sim: %s", mode);
    checkArgument(nodes >= 2 && nodes <= 64, "--nodes must be 2..64: %s", nodes);
    checkArgument(latency >= 0, "--latency must not be negative");
    return new BenchOptions(nodes, tps, seconds, latency, mode, seed, out, help);
  }

  /** Seconds of {@code text}: a number of seconds or a {@link Duration} like 90s, 3m, 1h. */
  static double seconds(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    double s;
    if (t.endsWith("ms")) {
      s = Double.parseDouble(t.substring(0, t.length() - 2)) / 1000;
    } else if (t.endsWith("s")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1));
    } else if (t.endsWith("m")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1)) * 60;
    } else if (t.endsWith("h")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1)) * 3600;
    } else {
      s = Double.parseDouble(t);
    }
    checkArgument(s > 0, "duration must be positive: %s", text);
    return s;
  }

  int tpsOr(int fallback) {
    return tps > 0 ? tps : fallback;
  }

  double secondsOr(double fallback) {
    return seconds > 0 ? seconds : fallback;
  }
}
