package io.elo.examples.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the testnet's state once a second: a table redrawn in place (ANSI clear screen) on a
 * terminal, or one summary line per second otherwise (logs, CI).
 *
 * <p>Propagation delay: for the newest block whose arrival every node reports, each node's arrival
 * minus the earliest arrival (the producer's); the network figure is the spread, latest minus
 * earliest. The nodes share this machine's clock, so the times compare directly.
 */
final class LiveTable {
  private final PrintStream out;
  private final boolean ansi;
  private final long startMillis = System.currentTimeMillis();
  private final List<Long> lastAccepted = new ArrayList<>();
  private long lastMillis = startMillis;

  LiveTable(PrintStream out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  /** Block propagation per node (ms after the first arrival) for the newest common block. */
  static Optional<long[]> propagation(List<NodeSnapshot> nodes) {
    if (nodes.isEmpty() || nodes.stream().anyMatch(n -> !n.up())) {
      return Optional.empty();
    }
    Map<String, Long> first = nodes.get(0).arrivals();
    String newest = null;
    long newestTime = Long.MIN_VALUE;
    for (Map.Entry<String, Long> e : first.entrySet()) {
      boolean everywhere = nodes.stream().allMatch(n -> n.arrivals().containsKey(e.getKey()));
      if (everywhere && e.getValue() > newestTime) {
        newest = e.getKey();
        newestTime = e.getValue();
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    long min = Long.MAX_VALUE;
    for (NodeSnapshot n : nodes) {
      min = Math.min(min, n.arrivals().get(newest));
    }
    long[] delays = new long[nodes.size()];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = nodes.get(i).arrivals().get(newest) - min;
    }
    return Optional.of(delays);
  }

  /** Draws one frame. */
  void render(
      String title, List<NodeSnapshot> nodes, List<NodeProcess> processes, TxGenerator generator) {
    long now = System.currentTimeMillis();
    double seconds = Math.max(0.001, (now - lastMillis) / 1000.0);
    lastMillis = now;
    double[] rates = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      long acc = generator == null ? 0 : generator.acceptedBy(i);
      long before = i < lastAccepted.size() ? lastAccepted.get(i) : acc;
      rates[i] = (acc - before) / seconds;
      if (i < lastAccepted.size()) {
        lastAccepted.set(i, acc);
      } else {
        lastAccepted.add(acc);
      }
    }
    Optional<long[]> delays = propagation(nodes);
    long elapsed = (now - startMillis) / 1000;
    if (!ansi) {
      StringBuilder line = new StringBuilder();
      line.append(String.format("[%4ds]", elapsed));
      for (int i = 0; i < nodes.size(); i++) {
        NodeSnapshot n = nodes.get(i);
        line.append(
            n.up()
                ? String.format(" n%d h=%d %s p=%d m=%d", i, n.height(), shortHash(n), n.peers(),
                    n.mempool())
                : String.format(" n%d %s", i, down(processes.get(i))));
      }
      delays.ifPresent(d -> line.append(" prop=").append(max(d)).append("ms"));
      if (generator != null) {
        line.append(String.format(" tx acc=%d rej=%d", generator.acceptedCount(),
            generator.rejected()));
      }
      out.println(line);
      out.flush();
      return;
    }
    StringBuilder s = new StringBuilder();
    s.append("\u001b[H\u001b[2J");
    s.append(title).append(String.format("   %ds   (Ctrl-C stops every node)%n%n", elapsed));
    s.append(String.format("%-5s %-8s %8s  %-16s %6s %8s %10s %10s %8s%n", "node", "pid",
        "height", "tip", "peers", "mempool", "acc tx/s", "conf tx/s", "prop ms"));
    for (int i = 0; i < nodes.size(); i++) {
      NodeSnapshot n = nodes.get(i);
      NodeProcess p = processes.get(i);
      if (!n.up()) {
        s.append(String.format("%-5d %-8d %8s  %s%n", i, p.pid(), "-", down(p)));
        continue;
      }
      int index = i;
      s.append(String.format("%-5d %-8d %8d  %-16s %6d %8d %10.1f %10.1f %8s%n", i, p.pid(),
          n.height(), shortHash(n), n.peers(), n.mempool(), rates[i], n.confirmedTps(),
          delays.map(d -> Long.toString(d[index])).orElse("-")));
    }
    s.append('\n');
    delays.ifPresent(
        d -> s.append(String.format("last block propagation: %d ms (latest minus first arrival)%n",
            max(d))));
    if (generator != null) {
      s.append(String.format(
          "generator: %s; submitted %d, accepted %d, rejected %d, failed %d%n",
          generator.state(), generator.submitted(), generator.acceptedCount(),
          generator.rejected(), generator.failed()));
      if (!generator.lastProblem().isEmpty()) {
        s.append("last problem: ").append(truncate(generator.lastProblem(), 100)).append('\n');
      }
    }
    out.print(s);
    out.flush();
  }

  private static String down(NodeProcess p) {
    Integer code = p.exitCode();
    return code == null ? "not answering" : "exited with " + code + ", see " + p.log();
  }

  private static long max(long[] values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static String shortHash(NodeSnapshot n) {
    return n.tipHash().length() > 16 ? n.tipHash().substring(0, 16) : n.tipHash();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
