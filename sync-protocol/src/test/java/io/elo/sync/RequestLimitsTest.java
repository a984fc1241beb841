package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The request limit value types and the defaults docs/protocol.md ("Request limits") lists. */
class RequestLimitsTest {
  private static final Duration TWO_S = Duration.ofSeconds(2);
  private static final double MIB = 1 << 20;

  @Test
  void defaults_matchTheDocs() {
    RequestLimits d = SyncConfig.defaults().requestLimits();
    assertEquals(RequestLimits.defaults(), d);
    assertEquals(RequestLimit.of(100, 100, 16 * MIB, TWO_S), d.limit(RequestKind.GET_HEADERS));
    assertEquals(RequestLimit.of(10_000, 10_000, 16 * MIB, TWO_S), d.limit(RequestKind.GET_BLOCKS));
    assertEquals(RequestLimit.of(50, 100_000, 16 * MIB, TWO_S), d.limit(RequestKind.GET_BLOCK_TXN));
    assertEquals(RequestLimit.of(1_000, 10_000, 16 * MIB, TWO_S), d.limit(RequestKind.GET_TX));
  }

  @Test
  void defaults_leaveTwiceTheHonestDemand() {
    RequestLimits d = RequestLimits.defaults();
    SyncConfig c = SyncConfig.defaults();
    // Measured (SyncBenchmark 10000 3 1, busiest second): 12 GetHeaders, 2,736 GetBlocks of one
    // hash each, 2.29 MB of blocks; the next stage aims at 5,000 blocks/s.
    assertTrue(d.limit(RequestKind.GET_HEADERS).messagesPerSecond() >= 2 * 12);
    assertTrue(d.limit(RequestKind.GET_BLOCKS).messagesPerSecond() >= 2 * 5_000);
    assertTrue(d.limit(RequestKind.GET_BLOCKS).itemsPerSecond() >= 2 * 5_000);
    assertTrue(d.limit(RequestKind.GET_BLOCKS).bytesPerSecond() >= 2 * 2_290_000);
    // A peer asks by GetTx only what we announced to it: at most 0.8 x the flood rate per second.
    assertTrue(d.limit(RequestKind.GET_TX).itemsPerSecond() >= 2 * 0.8 * c.txFloodRate());
  }

  @Test
  void queues_holdTwiceWhatAnHonestPeerHasOutstanding() {
    assertTrue(RequestThrottle.maxQueuedMessages(RequestKind.GET_HEADERS) >= 2);
    assertTrue(RequestThrottle.maxQueuedItems(RequestKind.GET_BLOCKS) >= 2 * 16);
    assertTrue(
        RequestThrottle.maxQueuedMessages(RequestKind.GET_BLOCK_TXN)
            >= 2 * CompactBlockConfig.defaults().maxPartialBlocksPerPeer());
    assertTrue(RequestThrottle.maxQueuedItems(RequestKind.GET_TX) >= 1_000, "txRequests max");
  }

  @Test
  void with_andScaled_changeOnlyWhatTheySay() {
    RequestLimit small = RequestLimit.of(1, 2, 3, Duration.ofMillis(500));
    RequestLimits changed = RequestLimits.defaults().with(RequestKind.GET_TX, small);
    assertEquals(small, changed.limit(RequestKind.GET_TX));
    assertEquals(
        RequestLimits.defaults().limit(RequestKind.GET_BLOCKS),
        changed.limit(RequestKind.GET_BLOCKS));
    assertEquals(RequestLimit.of(10, 20, 30, Duration.ofMillis(500)), small.scaled(10));
    RequestLimits tenfold = RequestLimits.defaults().scaled(10);
    assertEquals(100_000, tenfold.limit(RequestKind.GET_BLOCKS).messagesPerSecond(), 1e-9);
    SyncConfig config = SyncConfig.builder().requestLimits(tenfold).build();
    assertEquals(tenfold, config.requestLimits());
    assertEquals(tenfold, config.toBuilder().build().requestLimits());
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> RequestLimit.of(0, 1, 1, TWO_S));
    assertThrows(IllegalArgumentException.class, () -> RequestLimit.of(1, -1, 1, TWO_S));
    assertThrows(IllegalArgumentException.class, () -> RequestLimit.of(1, 1, Double.NaN, TWO_S));
    assertThrows(IllegalArgumentException.class, () -> RequestLimit.of(1, 1, 1, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> RequestLimits.defaults().scaled(0));
    assertThrows(
        IllegalArgumentException.class, () -> new RequestLimitStats(RequestKind.GET_TX, 0, -1, 0));
  }

  @Test
  void equality() {
    new EqualsTester()
        .addEqualityGroup(RequestLimit.of(1, 2, 3, TWO_S), new RequestLimit(1, 2, 3, TWO_S))
        .addEqualityGroup(RequestLimit.of(1, 2, 3, Duration.ofSeconds(1)))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(RequestLimits.defaults(), RequestLimits.defaults().scaled(1))
        .addEqualityGroup(RequestLimits.defaults().scaled(2))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            new RequestLimitStats(RequestKind.GET_TX, 1, 2, 3),
            new RequestLimitStats(RequestKind.GET_TX, 1, 2, 3))
        .addEqualityGroup(new RequestLimitStats(RequestKind.GET_BLOCKS, 1, 2, 3))
        .testEquals();
    assertEquals("get_block_txn", RequestKind.GET_BLOCK_TXN.messageName());
    var counted = new MessageCounters().snapshot().stream().map(ChainMessageStats::kind).toList();
    for (RequestKind kind : RequestKind.values()) {
      assertTrue(counted.contains(kind.messageName()), kind + " named as the message counters");
    }
  }
}
