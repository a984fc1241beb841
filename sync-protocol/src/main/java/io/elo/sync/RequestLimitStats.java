package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Requests of one kind from peers under the request limits: served (at once or after a delay),
 * throttled (delayed because the peer was over its budget) and refused (dropped unanswered because
 * the peer's waiting requests were at their bound; each refusal is reported as {@code MINOR}
 * misbehaviour). Requests of static peers are served and counted, never throttled.
 *
 * @param kind the request kind
 * @param served requests answered
 * @param throttled requests that waited for the budget
 * @param refused requests dropped at the bound of waiting requests
 */
public record RequestLimitStats(RequestKind kind, long served, long throttled, long refused) {
  /** Checks the kind is present and the counts are not negative. */
  public RequestLimitStats {
    requireNonNull(kind, "kind");
    checkArgument(served >= 0 && throttled >= 0 && refused >= 0, "counts must be >= 0");
  }
}
