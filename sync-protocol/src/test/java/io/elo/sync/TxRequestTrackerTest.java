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
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TxRequestTrackerTest {
  private static final long TIMEOUT = 1_000;
  private static final int ALL = Integer.MAX_VALUE;

  private static Hash tx(int n) {
    return Hash.sha256(ByteBuffer.allocate(4).putInt(n).array());
  }

  private final TxRequestTracker<String> tracker = new TxRequestTracker<>(5, 2, 2, TIMEOUT);

  @Test
  void firstAnnouncer_isAskedAtOnce_andOthersWait() {
    tracker.announced("a", tx(1), 0);
    assertEquals(List.of(tx(1)), tracker.requestsFor("a", 0, ALL));
    tracker.announced("b", tx(1), 0);
    assertEquals(List.of(), tracker.requestsFor("b", 10, ALL));
    assertEquals(Map.of(), tracker.requests(20, ALL), "one request in flight per transaction");
    assertEquals(Optional.of("a"), tracker.requestedFrom(tx(1)));
  }

  @Test
  void timeout_asksAnotherAnnouncer_neverTheSamePeerTwice() {
    tracker.announced("a", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    tracker.announced("b", tx(1), 0);
    assertEquals(Map.of(), tracker.requests(TIMEOUT - 1, ALL));
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(TIMEOUT, ALL));
    assertFalse(tracker.announced("a", tx(1), 0), "a re-announcement by a failed peer is ignored");
    assertEquals(Map.of(), tracker.requests(TIMEOUT + 1, ALL));
    assertEquals(0, tracker.inFlight("a"));
    assertEquals(1, tracker.inFlight("b"));
  }

  @Test
  void everyAnnouncerFailing_forgetsTheTransaction() {
    tracker.announced("a", tx(1), 0);
    tracker.announced("b", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    tracker.notFound("a", tx(1), 0);
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(1, ALL));
    assertTrue(tracker.isTracked(tx(1)));
    tracker.requests(1 + TIMEOUT, ALL);
    assertFalse(tracker.isTracked(tx(1)));
    assertEquals(0, tracker.announcements("a"));
    assertEquals(0, tracker.announcements("b"));
  }

  @Test
  void notFoundFromACandidate_meansItIsNeverAsked() {
    tracker.announced("a", tx(1), 0);
    tracker.announced("b", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    tracker.notFound("b", tx(1), 0);
    tracker.notFound("a", tx(1), 0);
    assertFalse(tracker.isTracked(tx(1)));
  }

  @Test
  void forget_dropsEveryAnnouncementAndFreesTheSlot() {
    tracker.announced("a", tx(1), 0);
    tracker.announced("b", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    tracker.forget(tx(1));
    assertFalse(tracker.isTracked(tx(1)));
    assertFalse(tracker.announcedBy("b", tx(1)));
    assertEquals(0, tracker.inFlight("a"));
    assertEquals(0, tracker.inFlightTotal());
    assertEquals(Map.of(), tracker.requests(TIMEOUT * 2, ALL));
  }

  @Test
  void announcementsPerPeer_areBounded_furtherOnesIgnored() {
    for (int i = 0; i < 5; i++) {
      assertTrue(tracker.announced("a", tx(i), 0));
    }
    assertFalse(tracker.announced("a", tx(5), 0));
    assertEquals(5, tracker.announcements("a"));
    assertTrue(tracker.announced("b", tx(5), 0), "other peers are unaffected");
  }

  @Test
  void inFlightPerPeer_isBounded_andTheRestWaitsForAFreeSlot() {
    for (int i = 0; i < 4; i++) {
      tracker.announced("a", tx(i), 0);
    }
    assertEquals(List.of(tx(0), tx(1)), tracker.requestsFor("a", 0, ALL));
    assertEquals(List.of(), tracker.requestsFor("a", 1, ALL));
    tracker.forget(tx(0));
    assertEquals(List.of(tx(2)), tracker.requestsFor("a", 2, ALL));
    assertEquals(2, tracker.inFlight("a"));
  }

  @Test
  void peerGone_movesItsRequestsToOtherAnnouncers_andForgetsOrphanedTransactions() {
    tracker.announced("a", tx(1), 0);
    tracker.announced("a", tx(2), 0);
    tracker.announced("b", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    tracker.peerGone("a");
    assertFalse(tracker.isTracked(tx(2)), "no announcer left");
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(1, ALL));
    assertEquals(1, tracker.size());
  }

  @Test
  void duplicateAnnouncementByTheSamePeer_isIgnored() {
    assertTrue(tracker.announced("a", tx(1), 0));
    assertFalse(tracker.announced("a", tx(1), 0));
    assertEquals(1, tracker.announcements("a"));
  }

  @Test
  void window_growsWithAnswersWithinTheRoundTrip_whileRequestsWait() {
    TxRequestTracker<String> t = new TxRequestTracker<>(1_000, 2, 64, TIMEOUT);
    for (int i = 0; i < 500; i++) {
      t.announced("a", tx(i), 0);
    }
    long now = 0;
    int served = 0;
    for (int round = 0; round < 5; round++) {
      List<Hash> ask = t.requestsFor("a", now, ALL);
      assertEquals(t.window("a"), ask.size(), "a full window is asked each round");
      now += 10; // every answer one 10 ms round trip later
      for (Hash wtxid : ask) {
        t.delivered("a", wtxid, now);
        served++;
      }
    }
    // 2, 4, 8, 16, 32 asked: the window doubled each round trip (slow start), to 64.
    assertEquals(62, served);
    assertEquals(64, t.window("a"));
  }

  @Test
  void window_holdsWhenAnswersQueue_andNeverPassesTheCeiling() {
    TxRequestTracker<String> t = new TxRequestTracker<>(5_000, 2, 16, TIMEOUT);
    for (int i = 0; i < 2_000; i++) {
      t.announced("a", tx(i), 0);
    }
    long now = 0;
    for (int round = 0; round < 50; round++) {
      for (Hash wtxid : t.requestsFor("a", now, ALL)) {
        t.delivered("a", wtxid, now + 10);
      }
      now += 10;
      assertTrue(t.window("a") <= 16, "ceiling");
    }
    assertEquals(16, t.window("a"));
    int before = t.window("a");
    List<Hash> ask = t.requestsFor("a", now, ALL);
    for (Hash wtxid : ask) {
      t.delivered("a", wtxid, now + 200); // 20 round trips: answers queued at the peer
    }
    assertEquals(before, t.window("a"), "late answers do not grow the window");
  }

  @Test
  void window_halvesOnATimeout_oncePerRound_downToTheFloor() {
    TxRequestTracker<String> t = new TxRequestTracker<>(5_000, 4, 64, TIMEOUT);
    for (int i = 0; i < 2_000; i++) {
      t.announced("a", tx(i), 0);
    }
    long now = 0;
    while (t.window("a") < 64) {
      for (Hash wtxid : t.requestsFor("a", now, ALL)) {
        t.delivered("a", wtxid, now + 1);
      }
      now += 1;
    }
    assertEquals(64, t.requestsFor("a", now, ALL).size());
    t.requests(now + TIMEOUT, ALL); // all 64 time out together: one halving, not 64
    assertEquals(32, t.window("a"));
    assertEquals(32, t.inFlight("a"), "the halved window is refilled at once");
    for (int i = 2; i < 10; i++) {
      t.requests(now + i * TIMEOUT, ALL); // every round times out again
    }
    assertEquals(4, t.window("a"), "never below the floor");
  }

  @Test
  void arrival_freesRoomAtOnce_forTheNextRequest() {
    for (int i = 0; i < 3; i++) {
      tracker.announced("a", tx(i), 0);
    }
    assertEquals(List.of(tx(0), tx(1)), tracker.requestsFor("a", 0, ALL));
    assertFalse(tracker.hasRequests(), "window full: nobody to visit");
    tracker.delivered("a", tx(0), 5);
    assertTrue(tracker.hasRequests(), "the arrival freed room for the waiting announcement");
    assertEquals(Map.of("a", List.of(tx(2))), tracker.requests(5, ALL));
  }

  @Test
  void budget_boundsAllRequests_andZeroStopsThem() {
    for (int i = 0; i < 2; i++) {
      tracker.announced("a", tx(i), 0);
      tracker.announced("b", tx(10 + i), 0);
    }
    assertEquals(Map.of(), tracker.requests(0, 0), "no room for answers: nothing is asked");
    assertTrue(tracker.hasRequests(), "the announcements wait for room");
    assertEquals(Map.of("a", List.of(tx(0), tx(1)), "b", List.of(tx(10))),
        tracker.requests(0, 3));
    assertEquals(Map.of("b", List.of(tx(11))), tracker.requests(0, ALL));
  }

  @Test
  void aRequestToOnePeer_isNotReadyElsewhere_untilItFails() {
    tracker.announced("a", tx(1), 0);
    tracker.announced("b", tx(1), 0);
    tracker.requestsFor("a", 0, ALL);
    assertFalse(tracker.hasRequests(), "b holds it as a candidate, not ready");
    tracker.notFound("a", tx(1), 3);
    assertTrue(tracker.hasRequests());
    assertEquals(Map.of("b", List.of(tx(1))), tracker.requests(3, ALL));
  }
}
