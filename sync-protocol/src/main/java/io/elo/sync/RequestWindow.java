package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How many transaction requests one peer may have in flight, sized by the link: a window that
 * grows by one with every answer that comes back within the round trip while requests wait for
 * it (so it doubles per round trip, as TCP's slow start), holds when answers queue up behind each
 * other, and halves on a timeout (once per round of requests, as TCP's fast recovery), between a
 * floor and a ceiling.
 *
 * <p>"Within the round trip" means within twice the link's base round trip (the fastest answer of
 * the last one or two {@value #EPOCH_MILLIS} ms epochs, so a path that became slower is learnt
 * again) plus {@value #SLACK_MILLIS} ms of clock resolution and scheduling: an answer later than
 * that waited in a queue at the peer, so a larger window would only lengthen the queue. A window
 * of w requests then carries about w per base round trip, enough to keep a link busy up to the
 * rate the peer serves at. Times are milliseconds of the caller's clock. Not thread-safe: the
 * protocol thread owns it.
 */
final class RequestWindow {
  /** Length of one epoch of the base round-trip estimate. */
  static final long EPOCH_MILLIS = 10_000;
  /** Tolerance added to twice the base round trip (millisecond clocks, thread hand-offs). */
  static final long SLACK_MILLIS = 5;

  private final int floor;
  private final int ceiling;
  private double size;
  private long epochStart;
  private long epochMin = Long.MAX_VALUE;
  private long previousMin = Long.MAX_VALUE;
  /** Requests sent before this time do not shrink the window again (one halving per round). */
  private long recoveredAt = Long.MIN_VALUE;

  RequestWindow(int floor, int ceiling, long now) {
    checkArgument(floor >= 1 && ceiling >= floor, "need 1 <= floor <= ceiling");
    this.floor = floor;
    this.ceiling = ceiling;
    this.size = floor;
    this.epochStart = now;
  }

  /** Requests that may be in flight now. */
  int limit() {
    return (int) size;
  }

  /**
   * A request sent at {@code sentAt} was answered at {@code now} (the transaction or a not-found);
   * {@code waiting}: more requests waited for room in the window.
   */
  void answered(long sentAt, long now, boolean waiting) {
    long delay = Math.max(0, now - sentAt);
    if (now - epochStart >= EPOCH_MILLIS) {
      previousMin = epochMin;
      epochMin = Long.MAX_VALUE;
      epochStart = now;
    }
    epochMin = Math.min(epochMin, delay);
    if (waiting && delay <= 2 * baseRoundTrip() + SLACK_MILLIS) {
      size = Math.min(ceiling, size + 1);
    }
  }

  /** A request sent at {@code sentAt} timed out at {@code now}. */
  void timedOut(long sentAt, long now) {
    if (sentAt < recoveredAt) {
      return; // part of the round that already halved the window
    }
    size = Math.max(floor, size / 2);
    recoveredAt = now;
  }

  /** The fastest answer of this epoch and the previous one (the link's round trip unloaded). */
  long baseRoundTrip() {
    long min = Math.min(epochMin, previousMin);
    return min == Long.MAX_VALUE ? 0 : min;
  }
}
