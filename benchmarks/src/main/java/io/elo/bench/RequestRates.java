package io.elo.bench;

import io.elo.node.Node;
import io.elo.sync.ChainMessageStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a serving node was asked per second while a peer synced from it: samples the node's chain
 * message counters every 100 ms on a daemon thread and reports, per counter, the mean rate and the
 * busiest one-second window. The request limits of docs/protocol.md are sized from these figures.
 */
final class RequestRates implements AutoCloseable {
  /** Counters sampled: requests received and what answering them sent. */
  private static final List<String> COUNTERS =
      List.of(
          "get_headers in msgs",
          "get_blocks in msgs",
          "get_blocks in bytes",
          "headers out bytes",
          "block out msgs",
          "block out bytes",
          "not_found out msgs");

  private static final long PERIOD_MILLIS = 100;
  private static final int WINDOW = (int) (1000 / PERIOD_MILLIS);

  private final Node node;
  private final List<long[]> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long startNanos;
  private long endNanos;

  private RequestRates(Node node) {
    this.node = node;
    this.thread = new Thread(this::loop, "request-rates");
    this.thread.setDaemon(true);
  }

  /** Starts sampling {@code node}. */
  static RequestRates start(Node node) {
    RequestRates rates = new RequestRates(node);
    rates.startNanos = System.nanoTime();
    rates.sample();
    rates.thread.start();
    return rates;
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      sample();
    }
  }

  private void sample() {
    Map<String, Long> values = new HashMap<>();
    for (ChainMessageStats s : node.messageStats()) {
      values.put(s.kind() + " in msgs", s.messagesIn());
      values.put(s.kind() + " in bytes", s.bytesIn());
      values.put(s.kind() + " out msgs", s.messagesOut());
      values.put(s.kind() + " out bytes", s.bytesOut());
    }
    long[] row = new long[COUNTERS.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = values.getOrDefault(COUNTERS.get(i), 0L);
    }
    synchronized (samples) {
      samples.add(row);
    }
  }

  /** Stops sampling (takes a last sample). Idempotent. */
  @Override
  public void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    thread.interrupt();
    thread.join();
    endNanos = System.nanoTime();
    sample();
  }

  /** One line per counter: total, mean per second, busiest one-second window. */
  String report() {
    List<long[]> rows;
    synchronized (samples) {
      rows = List.copyOf(samples);
    }
    double seconds = (endNanos - startNanos) / 1e9;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < COUNTERS.size(); i++) {
      long total = rows.get(rows.size() - 1)[i] - rows.get(0)[i];
      long peak = rows.size() <= WINDOW ? total : 0; // a run shorter than a second: all of it
      for (int j = 0; j + WINDOW < rows.size(); j++) {
        peak = Math.max(peak, rows.get(j + WINDOW)[i] - rows.get(j)[i]);
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  %-20s total %,12d  mean %,12.0f/s  busiest second %,12d%n",
              COUNTERS.get(i),
              total,
              total / seconds,
              peak));
    }
    return out.toString();
  }
}
