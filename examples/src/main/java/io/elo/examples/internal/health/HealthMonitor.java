package io.elo.examples.internal.health;

import static java.util.Objects.requireNonNull;

import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.sync.SyncStatus;
import io.elo.validation.ChainTip;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a node's health on demand: no peers, sync stalled (the best header is ahead of the tip
 * and the tip has not moved for {@link HealthConfig#stallTimeout()}), tip older than {@link
 * HealthConfig#tipAgeSpacings()} block spacings. Thread-safe.
 */
public final class HealthMonitor {
  private final Node node;
  private final HealthConfig config;
  private final InstantSource clock;
  private final Duration tipAgeLimit;
  private int lastTipHeight;
  private Instant lastProgress;
  private volatile boolean closed;

  private HealthMonitor(Node node, HealthConfig config, InstantSource clock) {
    this.node = node;
    this.config = config;
    this.clock = clock;
    this.tipAgeLimit = node.params().targetSpacing().multipliedBy(config.tipAgeSpacings());
    this.lastTipHeight = node.tip().height().value();
    this.lastProgress = clock.instant();
  }

  /**
   * Returns a monitor of {@code node}, reading time from {@code clock} (the node's clock); it
   * listens to the node's tip changes until {@link #close()}.
   */
  public static HealthMonitor create(Node node, HealthConfig config, InstantSource clock) {
    HealthMonitor monitor =
        new HealthMonitor(
            requireNonNull(node, "node"),
            requireNonNull(config, "config"),
            requireNonNull(clock, "clock"));
    node.addListener(
        new NodeListener() {
          @Override
          public void tipChanged(ChainTip tip) {
            monitor.noteTip(tip.height().value());
          }
        });
    return monitor;
  }

  /** The age past which the tip counts as old: the spacing times the configured count. */
  public Duration tipAgeLimit() {
    return tipAgeLimit;
  }

  /** Evaluates the conditions now. */
  public HealthReport evaluate() {
    Instant now = clock.instant();
    SyncStatus sync = node.syncStatus();
    int peers = node.peers().size();
    boolean stalled = isStalled(sync, now);
    Duration tipAge = Duration.between(node.tip().header().time(), now);
    if (tipAge.isNegative()) {
      tipAge = Duration.ZERO;
    }
    List<HealthReport.Reason> reasons = new ArrayList<>(3);
    if (peers == 0) {
      reasons.add(HealthReport.Reason.NO_PEERS);
    }
    if (stalled) {
      reasons.add(HealthReport.Reason.SYNC_STALLED);
    }
    if (tipAge.compareTo(tipAgeLimit) > 0) {
      reasons.add(HealthReport.Reason.TIP_OLD);
    }
    return new HealthReport(reasons, peers, tipAge, tipAgeLimit, stalled);
  }

  /** Stops following the node's tip (the node keeps the listener but it does nothing). */
  public void close() {
    closed = true;
  }

  private synchronized void noteTip(int height) {
    if (!closed && height != lastTipHeight) {
      lastTipHeight = height;
      lastProgress = clock.instant();
    }
  }

  private synchronized boolean isStalled(SyncStatus sync, Instant now) {
    int height = sync.tipHeight().value();
    boolean behind = sync.bestHeaderHeight().value() > height;
    if (height != lastTipHeight || !behind) {
      // Progress, or nothing to download: the stall clock restarts.
      lastTipHeight = height;
      lastProgress = now;
      return false;
    }
    return Duration.between(lastProgress, now).compareTo(config.stallTimeout()) > 0;
  }
}
