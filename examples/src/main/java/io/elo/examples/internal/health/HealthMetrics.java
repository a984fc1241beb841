package io.elo.examples.internal.health;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The health conditions as gauges, evaluated at each scrape. In Prometheus' naming: {@code
 * elo_health_degraded}, {@code elo_health_no_peers}, {@code elo_sync_stalled}, {@code
 * elo_health_tip_old} (each 0 or 1), {@code elo_tip_age_seconds} and {@code
 * elo_health_tip_age_limit_seconds}. The alert rules in docs/alerts.yml use them.
 */
public final class HealthMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private HealthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the gauges of {@code monitor} on {@code registry}; {@link #close()} removes them. */
  public static HealthMetrics register(HealthMonitor monitor, MeterRegistry registry) {
    requireNonNull(monitor, "monitor");
    HealthMetrics metrics = new HealthMetrics(requireNonNull(registry, "registry"));
    metrics.gauge(monitor, "elo.health.degraded", "1 when any health condition holds",
        m -> flag(!m.evaluate().isOk()));
    metrics.gauge(monitor, "elo.health.no.peers", "1 when no peer is connected",
        m -> flag(m.evaluate().has(HealthReport.Reason.NO_PEERS)));
    metrics.gauge(monitor, "elo.sync.stalled", "1 when the best header is ahead and sync stalls",
        m -> flag(m.evaluate().has(HealthReport.Reason.SYNC_STALLED)));
    metrics.gauge(monitor, "elo.health.tip.old", "1 when the tip is older than the limit",
        m -> flag(m.evaluate().has(HealthReport.Reason.TIP_OLD)));
    metrics.gauge(monitor, "elo.tip.age.seconds", "seconds since the tip's timestamp",
        m -> m.evaluate().tipAge().toMillis() / 1000.0);
    metrics.gauge(monitor, "elo.health.tip.age.limit.seconds", "tip age that counts as old",
        m -> m.tipAgeLimit().toMillis() / 1000.0);
    return metrics;
  }

  private static double flag(boolean value) {
    return value ? 1 : 0;
  }

  private void gauge(
      HealthMonitor monitor, String name, String description, ToDoubleFunction<HealthMonitor> f) {
    meters.add(Gauge.builder(name, monitor, f)
        .description(description)
        .strongReference(true)
        .register(registry));
  }

  /** Removes the gauges. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
