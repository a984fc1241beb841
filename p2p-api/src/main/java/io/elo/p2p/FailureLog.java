package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs failures that a remote can cause before it is authenticated (failed or stalled handshakes,
 * refused sockets, junk) without letting it fill the log: each event at DEBUG, and per kind at most
 * one INFO summary per interval (default a minute), such as {@code inbound secure handshakes
 * failed: 5234 from 3 addresses in 60 s, top offender 203.0.113.9 (5100); last: ...}.
 *
 * <p>A summary is written by the first event of a kind after a quiet interval (so the first
 * failure shows at once) and then by the first event once the interval has passed since the
 * previous summary, covering every event since it. Events after the last summary are reported
 * with the next one. Time comes from the injected clock.
 *
 * <p>Thread-safe; the logger is called outside the lock. Bounded: at most {@value #MAX_KINDS}
 * kinds (further kinds are summarised as {@code other failures}; callers use a few constant
 * kinds) and {@value #MAX_TRACKED_ADDRESSES} distinct addresses per kind and summary (further
 * addresses are counted, not tracked, and the summary says "more than").
 */
public final class FailureLog {
  /** Default interval between two summaries of one kind. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /** Most kinds tracked. */
  public static final int MAX_KINDS = 32;
  /** Most distinct addresses tracked per kind between two summaries. */
  public static final int MAX_TRACKED_ADDRESSES = 1024;
  /** Longest event detail quoted in a summary, in characters. */
  static final int MAX_DETAIL = 160;

  private static final String OTHER = "other failures";

  private final Logger logger;
  private final InstantSource clock;
  private final Duration interval;
  // Guarded by this.
  private final Map<String, Tally> tallies = new HashMap<>();

  /** Summaries to {@code logger} at most once a minute per kind, timed by {@code clock}. */
  public FailureLog(Logger logger, InstantSource clock) {
    this(logger, clock, DEFAULT_INTERVAL);
  }

  /** Summaries to {@code logger} at most once per {@code interval} per kind. */
  public FailureLog(Logger logger, InstantSource clock, Duration interval) {
    this.logger = checkNotNull(logger);
    this.clock = checkNotNull(clock);
    checkArgument(!interval.isNegative() && !interval.isZero(), "interval must be positive");
    this.interval = interval;
  }

  /**
   * Records one failure.
   *
   * @param kind what failed, a constant phrase in the plural ({@code "inbound secure handshakes
   *     failed"})
   * @param source the remote IP, or null if unknown
   * @param detail what happened, for the DEBUG line (and quoted, shortened, in a summary)
   */
  public void record(String kind, InetAddress source, String detail) {
    checkNotNull(kind);
    String from = source == null ? "unknown address" : source.getHostAddress();
    if (logger.isDebugEnabled()) {
      logger.debug("{}: {}: {}", kind, from, detail);
    }
    String summary;
    synchronized (this) {
      Instant now = clock.instant();
      Tally tally = tallies.get(kind);
      if (tally == null) {
        String key = tallies.size() < MAX_KINDS ? kind : OTHER;
        tally = tallies.computeIfAbsent(key, Tally::new);
      }
      tally.add(source, detail, now);
      summary = tally.summaryDue(now, interval) ? tally.summarise(now, interval) : null;
    }
    if (summary != null) {
      logger.info(summary);
    }
  }

  /** Events of one kind since its last summary. Guarded by the enclosing log. */
  private static final class Tally {
    private final String kind;
    private final Map<InetAddress, Long> bySource = new HashMap<>();
    private Instant lastSummary;
    private Instant since;
    private long count;
    private long untracked;
    private String lastDetail = "";

    Tally(String kind) {
      this.kind = kind;
    }

    void add(InetAddress source, String detail, Instant now) {
      if (count == 0) {
        since = now;
      }
      count++;
      lastDetail = detail == null ? "" : detail;
      if (source == null) {
        untracked++;
      } else if (bySource.containsKey(source) || bySource.size() < MAX_TRACKED_ADDRESSES) {
        bySource.merge(source, 1L, Long::sum);
      } else {
        untracked++;
      }
    }

    boolean summaryDue(Instant now, Duration interval) {
      return lastSummary == null || !now.isBefore(lastSummary.plus(interval));
    }

    String summarise(Instant now, Duration interval) {
      Map.Entry<InetAddress, Long> top = null;
      for (Map.Entry<InetAddress, Long> entry : bySource.entrySet()) {
        if (top == null || entry.getValue() > top.getValue()) {
          top = entry;
        }
      }
      String addresses =
          untracked > 0 && bySource.size() >= MAX_TRACKED_ADDRESSES
              ? "more than " + MAX_TRACKED_ADDRESSES + " addresses"
              : bySource.size() + (bySource.size() == 1 ? " address" : " addresses");
      String detail =
          lastDetail.length() <= MAX_DETAIL ? lastDetail : lastDetail.substring(0, MAX_DETAIL) + "…";
      String summary =
          kind + ": " + count + " from " + addresses + " in "
              + Duration.between(since, now).toSeconds() + " s"
              + (top == null ? "" : ", top offender " + top.getKey().getHostAddress() + " ("
                  + top.getValue() + ")")
              + "; last: " + detail + " (summarised at most every " + interval.toSeconds()
              + " s; each at DEBUG)";
      lastSummary = now;
      count = 0;
      untracked = 0;
      bySource.clear();
      return summary;
    }
  }
}
