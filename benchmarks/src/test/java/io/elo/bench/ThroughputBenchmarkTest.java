package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.sync.RequestKind;
import io.elo.sync.SyncConfig;
import org.junit.jupiter.api.Test;

class ThroughputBenchmarkTest {
  @Test
  void raisedFlood_scalesTheFloodAndRequestLimitsToFourTimesTheHighestRate() {
    SyncConfig d = SyncConfig.defaults();
    SyncConfig raised = ThroughputBenchmark.Flood.RAISED.config(2_000);
    double factor = 4 * 2_000 / d.txFloodRate();

    assertEquals(8_000, raised.txFloodRate(), 1e-9);
    assertEquals((int) Math.ceil(d.txFloodBurst() * factor), raised.txFloodBurst());
    for (RequestKind kind : RequestKind.values()) {
      assertEquals(
          d.requestLimits().limit(kind).scaled(factor), raised.requestLimits().limit(kind));
    }
  }

  @Test
  void raisedFlood_neverLowersTheDefaults_andDefaultFloodIsTheDefaults() {
    SyncConfig d = SyncConfig.defaults();

    assertEquals(d.txFloodRate(), ThroughputBenchmark.Flood.RAISED.config(10).txFloodRate());
    assertEquals(d.requestLimits(), ThroughputBenchmark.Flood.RAISED.config(10).requestLimits());
    assertEquals(d, ThroughputBenchmark.Flood.DEFAULT.config(100_000));
  }
}
