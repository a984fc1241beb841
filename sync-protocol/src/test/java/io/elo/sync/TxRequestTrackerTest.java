package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TxRequestTrackerTest {
  private static final long TIMEOUT = 1_000;

  private static Hash tx(int n) {
    return Hash.sha256(ByteBuffer.allocate(4).putInt(n).array());
  }

  private final TxRequestTracker<String> tracker = new TxRequestTracker<>(5, 2, TIMEOUT);

  @Test
  void firstAnnouncer_isAskedAtOnce_andOthersWait() {
    tracker.announced("a", tx(1));
    assertEquals(List.of(tx(1)), tracker.requestsFor("a", 0));
    tracker.announced("b", tx(1));
    assertEquals(List.of(), tracker.requestsFor("b", 10));
    assertEquals(Map.of(), tracker.requests(20), "one request in flight per transaction");
    assertEquals(Optional.of("a"), tracker.requestedFrom(tx(1)));
  }

  @Test
  void timeout_asksAnotherAnnouncer_neverTheSamePeerTwice() {
    tracker.announced("a", tx(1));
    tracker.requestsFor("a", 0);
    tracker.announced("b", tx(1));
    assertEquals(Map.of(), tracker.requests(TIMEOUT - 1));
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(TIMEOUT));
    assertFalse(tracker.announced("a", tx(1)), "a re-announcement by a failed peer is ignored");
    assertEquals(Map.of(), tracker.requests(TIMEOUT + 1));
    assertEquals(0, tracker.inFlight("a"));
    assertEquals(1, tracker.inFlight("b"));
  }

  @Test
  void everyAnnouncerFailing_forgetsTheTransaction() {
    tracker.announced("a", tx(1));
    tracker.announced("b", tx(1));
    tracker.requestsFor("a", 0);
    tracker.notFound("a", tx(1));
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(1));
    assertTrue(tracker.isTracked(tx(1)));
    tracker.requests(1 + TIMEOUT);
    assertFalse(tracker.isTracked(tx(1)));
    assertEquals(0, tracker.announcements("a"));
    assertEquals(0, tracker.announcements("b"));
  }

  @Test
  void notFoundFromACandidate_meansItIsNeverAsked() {
    tracker.announced("a", tx(1));
    tracker.announced("b", tx(1));
    tracker.requestsFor("a", 0);
    tracker.notFound("b", tx(1));
    tracker.notFound("a", tx(1));
    assertFalse(tracker.isTracked(tx(1)));
  }

  @Test
  void forget_dropsEveryAnnouncementAndFreesTheSlot() {
    tracker.announced("a", tx(1));
    tracker.announced("b", tx(1));
    tracker.requestsFor("a", 0);
    tracker.forget(tx(1));
    assertFalse(tracker.isTracked(tx(1)));
    assertFalse(tracker.announcedBy("b", tx(1)));
    assertEquals(0, tracker.inFlight("a"));
    assertEquals(0, tracker.inFlightTotal());
    assertEquals(Map.of(), tracker.requests(TIMEOUT * 2));
  }

  @Test
  void announcementsPerPeer_areBounded_furtherOnesIgnored() {
    for (int i = 0; i < 5; i++) {
      assertTrue(tracker.announced("a", tx(i)));
    }
    assertFalse(tracker.announced("a", tx(5)));
    assertEquals(5, tracker.announcements("a"));
    assertTrue(tracker.announced("b", tx(5)), "other peers are unaffected");
  }

  @Test
  void inFlightPerPeer_isBounded_andTheRestWaitsForAFreeSlot() {
    for (int i = 0; i < 4; i++) {
      tracker.announced("a", tx(i));
    }
    assertEquals(List.of(tx(0), tx(1)), tracker.requestsFor("a", 0));
    assertEquals(List.of(), tracker.requestsFor("a", 1));
    tracker.forget(tx(0));
    assertEquals(List.of(tx(2)), tracker.requestsFor("a", 2));
    assertEquals(2, tracker.inFlight("a"));
  }

  @Test
  void peerGone_movesItsRequestsToOtherAnnouncers_andForgetsOrphanedTransactions() {
    tracker.announced("a", tx(1));
    tracker.announced("a", tx(2));
    tracker.announced("b", tx(1));
    tracker.requestsFor("a", 0);
    tracker.peerGone("a");
    assertFalse(tracker.isTracked(tx(2)), "no announcer left");
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(1));
    assertEquals(1, tracker.size());
  }

  @Test
  void duplicateAnnouncementByTheSamePeer_isIgnored() {
    assertTrue(tracker.announced("a", tx(1)));
    assertFalse(tracker.announced("a", tx(1)));
    assertEquals(1, tracker.announcements("a"));
  }
}
