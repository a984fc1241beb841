package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import io.elo.model.Height;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  private static final Hash A = Hash.sha256(new byte[] {1});
  private static final Hash B = Hash.sha256(new byte[] {2});

  @Test
  void syncStatus_equality() {
    new EqualsTester()
        .addEqualityGroup(
            new SyncStatus(A, Height.of(1), B, Height.of(2), 3, 4, 5, 0, 0),
            new SyncStatus(A, Height.of(1), B, Height.of(2), 3, 4, 5, 0, 0))
        .addEqualityGroup(new SyncStatus(A, Height.of(1), A, Height.of(1), 0, 0, 5, 0, 0))
        .testEquals();
  }

  @Test
  void syncStatus_isSynced_whenTheBestHeaderIsTheTip() {
    assertTrue(new SyncStatus(A, Height.of(1), A, Height.of(1), 0, 0, 1, 0, 0).isSynced());
    assertFalse(new SyncStatus(A, Height.of(1), B, Height.of(2), 0, 0, 1, 0, 0).isSynced());
    assertThrows(
        IllegalArgumentException.class,
        () -> new SyncStatus(A, Height.of(1), B, Height.of(2), -1, 0, 1, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SyncStatus(A, Height.of(1), B, Height.of(2), 0, 0, 1, 0, -1));
  }

  @Test
  void syncConfig_defaultsMatchTheDocs_andBuilderValidates() {
    SyncConfig d = SyncConfig.defaults();
    assertEquals(1024, d.downloadWindow());
    assertEquals(16, d.maxBlocksInFlightPerPeer());
    assertEquals(Duration.ofSeconds(2), d.stallTimeoutMin());
    assertEquals(Duration.ofSeconds(64), d.stallTimeoutMax());
    assertEquals(144, d.lowWorkHeaderBlocks());
    SyncConfig changed = d.toBuilder().downloadWindow(64).build();
    assertEquals(64, changed.downloadWindow());
    assertEquals(d.stallTimeoutMax(), changed.stallTimeoutMax());
    assertThrows(
        IllegalArgumentException.class, () -> SyncConfig.builder().maxBlocksInFlightPerPeer(17));
    assertThrows(
        IllegalArgumentException.class,
        () -> SyncConfig.builder().stallTimeout(Duration.ofSeconds(5), Duration.ofSeconds(1)));
  }

  @Test
  void txRelayStatus_equality_andValidation() {
    new EqualsTester()
        .addEqualityGroup(
            new TxRelayStatus(1, 2, 3, 4, 5, 6, 7), new TxRelayStatus(1, 2, 3, 4, 5, 6, 7))
        .addEqualityGroup(new TxRelayStatus(0, 0, 0, 0, 0, 0, 0))
        .testEquals();
    assertThrows(
        IllegalArgumentException.class, () -> new TxRelayStatus(0, 0, 0, 0, 0, 0, -1));
  }

  @Test
  void syncConfig_txRelayDefaultsMatchTheDocs_andBuilderValidates() {
    SyncConfig d = SyncConfig.defaults();
    assertEquals(Duration.ofMillis(250), d.txAnnounceIntervalOutbound());
    assertEquals(Duration.ofMillis(500), d.txAnnounceIntervalInbound());
    assertEquals(1_000, d.txAnnounceBatch());
    assertEquals(50_000, d.txAnnounceQueue());
    assertEquals(50_000, d.txKnownInventory());
    assertEquals(Duration.ofSeconds(3), d.txRequestTimeout());
    assertEquals(5_000, d.txMaxAnnouncementsPerPeer());
    assertEquals(100, d.txRequestWindowFloor());
    assertEquals(5_000, d.txRequestWindowCeiling());
    assertEquals(1_000, d.txFloodRate());
    assertEquals(5_000, d.txFloodBurst());
    assertEquals(16, d.unrequestedTxBurst());
    assertEquals(Duration.ofSeconds(1), d.unrequestedTxRefill());
    assertEquals(1_000, d.txAdmissionQueueJobs());
    assertEquals(32L << 20, d.txAdmissionQueueBytes());
    // An honest peer's announcements fit the flood limit: a burst of at most one full allowance
    // (TxAnnounceRatePropertyTest checks the rate).
    assertTrue(TxAnnouncer.allowanceCap(d) <= d.txFloodBurst());
    SyncConfig changed = d.toBuilder().txRequestTimeout(Duration.ofSeconds(9)).build();
    assertEquals(Duration.ofSeconds(9), changed.txRequestTimeout());
    assertEquals(d.txFloodBurst(), changed.txFloodBurst());
    assertThrows(IllegalArgumentException.class, () -> SyncConfig.builder().txAnnounceBatch(1001));
    assertThrows(IllegalArgumentException.class, () -> SyncConfig.builder().txRequests(10, 0));
    assertThrows(IllegalArgumentException.class, () -> SyncConfig.builder().txFlood(0, 10));
  }
}
