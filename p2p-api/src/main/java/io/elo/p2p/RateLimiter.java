package io.elo.p2p;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One peer's token buckets, one per limited message kind. Over the limit, a message is dropped;
 * the first drop of a run costs minor misbehaviour, and a second bucket of the same size counts
 * the drops: when it runs dry too, the flood is sustained and the peer is disconnected. Not
 * thread-safe: used under the peer session's lock.
 */
final class RateLimiter {
  /** What to do with one message. */
  enum Verdict {
    ALLOW,
    /** Drop, and report minor misbehaviour (first drop of a run). */
    DROP_AND_REPORT,
    DROP,
    /** Sustained flooding: disconnect. */
    DISCONNECT
  }

  private static final class Bucket {
    final RateLimit limit;
    double tokens;
    double overflowTokens;
    Instant refilledAt;
    boolean dropping;

    Bucket(RateLimit limit, Instant now) {
      this.limit = limit;
      this.tokens = limit.burst();
      this.overflowTokens = limit.burst();
      this.refilledAt = now;
    }
  }

  private final Map<String, RateLimit> limits;
  private final Map<String, Bucket> buckets = new HashMap<>();

  RateLimiter(Map<String, RateLimit> limits) {
    this.limits = limits;
  }

  Verdict check(String kind, Instant now) {
    RateLimit limit = limits.get(kind);
    if (limit == null) {
      return Verdict.ALLOW;
    }
    Bucket bucket = buckets.computeIfAbsent(kind, k -> new Bucket(limit, now));
    double seconds = Math.max(0, Duration.between(bucket.refilledAt, now).toNanos() / 1e9);
    bucket.refilledAt = now;
    double refill = seconds * limit.perSecond();
    bucket.tokens = Math.min(limit.burst(), bucket.tokens + refill);
    bucket.overflowTokens = Math.min(limit.burst(), bucket.overflowTokens + refill);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.dropping = false;
      return Verdict.ALLOW;
    }
    if (bucket.overflowTokens < 1) {
      return Verdict.DISCONNECT;
    }
    bucket.overflowTokens -= 1;
    if (bucket.dropping) {
      return Verdict.DROP;
    }
    bucket.dropping = true;
    return Verdict.DROP_AND_REPORT;
  }
}
