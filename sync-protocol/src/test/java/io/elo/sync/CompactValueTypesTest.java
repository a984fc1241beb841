package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.EqualsTester;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompactValueTypesTest {
  @Test
  void compactBlockStats_equality_andValidation() {
    new EqualsTester()
        .addEqualityGroup(new CompactBlockStats(4, 2, 1, 1), new CompactBlockStats(4, 2, 1, 1))
        .addEqualityGroup(CompactBlockStats.ZERO, new CompactBlockStats(0, 0, 0, 0))
        .addEqualityGroup(new CompactBlockStats(4, 2, 1, 0))
        .testEquals();
    assertThrows(IllegalArgumentException.class, () -> new CompactBlockStats(-1, 0, 0, 0));
  }

  @Test
  void compactBlockConfig_equality_defaults_andBounds() {
    CompactBlockConfig d = CompactBlockConfig.defaults();
    new EqualsTester()
        .addEqualityGroup(d, CompactBlockConfig.builder().build(), d.toBuilder().build())
        .addEqualityGroup(d.toBuilder().highBandwidthPeers(1).build())
        .addEqualityGroup(d.toBuilder().partialBlockTimeout(Duration.ofSeconds(1)).build())
        .addEqualityGroup(d.toBuilder().extraTransactions(0, 1).build())
        .testEquals();
    assertEquals(3, d.highBandwidthPeers());
    assertEquals(100, d.extraTransactions());
    assertEquals(Duration.ofSeconds(5), d.partialBlockTimeout());
    assertEquals(d, SyncConfig.defaults().compactBlocks());
    assertThrows(IllegalArgumentException.class, () -> d.toBuilder().highBandwidthPeers(4));
    assertThrows(IllegalArgumentException.class, () -> d.toBuilder().partialBlocks(3, 2, 1));
    assertThrows(
        IllegalArgumentException.class, () -> d.toBuilder().partialBlockTimeout(Duration.ZERO));
  }
}
