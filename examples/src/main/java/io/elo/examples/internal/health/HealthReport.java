package io.elo.examples.internal.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One evaluation of the node's health.
 *
 * @param reasons why the node is degraded; empty when it is ok
 * @param peers connected peers
 * @param tipAge how far the tip's timestamp is behind the clock (zero if it is ahead)
 * @param tipAgeLimit the age past which the tip counts as old
 * @param stalled whether sync is stalled
 */
public record HealthReport(
    List<Reason> reasons, int peers, Duration tipAge, Duration tipAgeLimit, boolean stalled) {
  /** Why a node is degraded; {@link #code()} is what the health endpoint prints. */
  public enum Reason {
    /** No peer is connected. */
    NO_PEERS("no-peers"),
    /** The best header is ahead of the tip and the tip has not moved for the stall timeout. */
    SYNC_STALLED("sync-stalled"),
    /** The tip is older than the configured number of block spacings. */
    TIP_OLD("tip-old");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The reason's stable text code, such as {@code no-peers}. */
    public String code() {
      return code;
    }
  }

  /** Validates and copies the fields. */
  public HealthReport {
    reasons = List.copyOf(reasons);
    requireNonNull(tipAge, "tipAge");
    requireNonNull(tipAgeLimit, "tipAgeLimit");
  }

  /** Whether nothing is wrong. */
  public boolean isOk() {
    return reasons.isEmpty();
  }

  /** Whether {@code reason} applies. */
  public boolean has(Reason reason) {
    return reasons.contains(reason);
  }
}
