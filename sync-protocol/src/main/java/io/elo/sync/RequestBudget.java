package io.elo.sync;

/**
 * One peer's budget for one request kind: three deficit token buckets (messages, items, bytes),
 * each holding {@code burst} worth of its rate and refilled continuously. A request may be served
 * while no bucket is in debt; serving it takes its cost, which may leave a bucket in debt (the
 * bytes are known only once the answer is built). Over any interval of {@code t} seconds the served
 * cost of each bucket is thus at most {@code rate × (burst + t)} plus one request. Not thread-safe;
 * times are milliseconds of the injected clock.
 */
final class RequestBudget {
  private static final int MESSAGES = 0;
  private static final int ITEMS = 1;
  private static final int BYTES = 2;

  private final double[] perMilli = new double[3];
  private final double[] capacity = new double[3];
  private final double[] tokens = new double[3];
  private long at;

  RequestBudget(RequestLimit limit, long now) {
    double burstMillis = limit.burst().toMillis();
    perMilli[MESSAGES] = limit.messagesPerSecond() / 1000;
    perMilli[ITEMS] = limit.itemsPerSecond() / 1000;
    perMilli[BYTES] = limit.bytesPerSecond() / 1000;
    for (int i = 0; i < 3; i++) {
      capacity[i] = perMilli[i] * burstMillis;
      tokens[i] = capacity[i];
    }
    at = now;
  }

  /** Whether a request may be served at {@code now}: no bucket in debt. */
  boolean ready(long now) {
    return waitMillis(now) == 0;
  }

  /** Milliseconds from {@code now} until a request may be served; 0 if it may now. */
  long waitMillis(long now) {
    refill(now);
    long wait = 0;
    for (int i = 0; i < 3; i++) {
      if (tokens[i] <= 0) {
        // The first whole millisecond at which the bucket holds a positive amount again.
        wait = Math.max(wait, (long) Math.floor(-tokens[i] / perMilli[i]) + 1);
      }
    }
    return wait;
  }

  /** Takes one message and {@code items} items for a request being served. */
  void take(int items) {
    tokens[MESSAGES] -= 1;
    tokens[ITEMS] -= items;
  }

  /** Charges the bytes the served request cost. */
  void charge(long bytes) {
    tokens[BYTES] -= bytes;
  }

  private void refill(long now) {
    if (now <= at) {
      return;
    }
    long elapsed = now - at;
    for (int i = 0; i < 3; i++) {
      tokens[i] = Math.min(capacity[i], tokens[i] + elapsed * perMilli[i]);
    }
    at = now;
  }
}
