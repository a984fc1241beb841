package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Severity;
import io.elo.p2p.SimulatedScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Throttle, then refuse and penalise; static peers exempt; on the simulated clock. */
class RequestThrottleTest {
  /** 10 messages/s, 100 items/s, 10 KB/s, 1-second burst, for every kind. */
  private static final RequestLimit LIMIT = RequestLimit.of(10, 100, 10_000, Duration.ofSeconds(1));

  private final SimulatedScheduler clock = SimulatedScheduler.startingAt(Instant.EPOCH);
  private final RequestThrottle throttle = new RequestThrottle(limits(), clock, clock, clock);
  private final RecordingPeer peer = connected(1, false);
  private final List<String> served = new ArrayList<>();
  private final List<Long> servedAt = new ArrayList<>();

  private static RequestLimits limits() {
    RequestLimits all = RequestLimits.defaults();
    for (RequestKind kind : RequestKind.values()) {
      all = all.with(kind, LIMIT);
    }
    return all;
  }

  private RecordingPeer connected(int index, boolean isStatic) {
    RecordingPeer p = new RecordingPeer(index, isStatic);
    throttle.connected(p);
    return p;
  }

  private RequestThrottle.Request answer(String name, long bytes) {
    return () -> {
      served.add(name);
      servedAt.add(clock.millis());
      return bytes;
    };
  }

  /** {@code count} requests of one item from {@code from}, named by kind and number. */
  private void ask(RecordingPeer from, RequestKind kind, int count, long bytes) {
    for (int i = 0; i < count; i++) {
      throttle.submit(from, kind, 1, answer(kind.messageName() + i, bytes));
    }
  }

  private RequestLimitStats stats(RecordingPeer p, RequestKind kind) {
    return throttle.stats(p.nodeId()).orElseThrow().get(kind.ordinal());
  }

  @Test
  void burst_isServedAtOnce_theRestWaitsInOrder_andIsServedAsTheBudgetRefills() {
    ask(peer, RequestKind.GET_HEADERS, 13, 10);
    assertEquals(10, served.size(), "the burst (1 s x 10/s) at once");
    RequestLimitStats s = stats(peer, RequestKind.GET_HEADERS);
    assertEquals(10, s.served());
    assertEquals(3, s.throttled(), "3 wait: the queue holds 4 GetHeaders");
    assertEquals(0, s.refused());
    clock.runFor(Duration.ofSeconds(1));
    assertEquals(
        List.of("get_headers10", "get_headers11", "get_headers12"),
        served.subList(10, 13),
        "first in, first out");
    assertTrue(servedAt.get(10) <= 1, "the first as soon as a fraction of a message is back");
    for (int i = 11; i < 13; i++) {
      long gap = servedAt.get(i) - servedAt.get(i - 1);
      assertTrue(gap >= 99 && gap <= 101, "then one every 100 ms: " + servedAt);
    }
    assertTrue(peer.reports.isEmpty(), "throttling alone costs no reputation");
  }

  @Test
  void pastTheQueue_requestsAreRefused_andEachIsReportedMinor() {
    ask(peer, RequestKind.GET_HEADERS, 10 + 4 + 3, 10);
    RequestLimitStats s = stats(peer, RequestKind.GET_HEADERS);
    assertEquals(4, s.throttled());
    assertEquals(3, s.refused());
    assertEquals(List.of(Severity.MINOR, Severity.MINOR, Severity.MINOR), peer.reports);
    clock.runFor(Duration.ofSeconds(5));
    assertEquals(14, served.size(), "the refused ones are never served");
    RequestLimitStats total = throttle.stats().get(RequestKind.GET_HEADERS.ordinal());
    assertEquals(3, total.refused(), "totals too");
  }

  @Test
  void items_areBudgetedAsWellAsMessages() {
    throttle.submit(peer, RequestKind.GET_TX, 100, answer("tx0", 10)); // the whole item burst
    throttle.submit(peer, RequestKind.GET_TX, 50, answer("tx1", 10));
    assertEquals(List.of("tx0"), served, "messages are left, items are not");
    clock.runFor(Duration.ofMillis(1));
    assertEquals(List.of("tx0", "tx1"), served, "served once some items are back, into debt");
    throttle.submit(peer, RequestKind.GET_TX, 1, answer("tx2", 10));
    clock.runFor(Duration.ofMillis(490));
    assertEquals(2, served.size(), "50 items of debt take 500 ms to repay at 100/s");
    clock.runFor(Duration.ofMillis(20));
    assertEquals(List.of("tx0", "tx1", "tx2"), served);
  }

  @Test
  void bytes_ofBigAnswers_delayTheNextRequests() {
    throttle.submit(peer, RequestKind.GET_BLOCKS, 1, answer("b0", 40_000)); // 30 KB over
    throttle.submit(peer, RequestKind.GET_BLOCKS, 1, answer("b1", 100));
    assertEquals(List.of("b0"), served);
    clock.runFor(Duration.ofMillis(2_990));
    assertEquals(List.of("b0"), served, "3 s to repay 30 KB at 10 KB/s");
    clock.runFor(Duration.ofMillis(20));
    assertEquals(List.of("b0", "b1"), served);
  }

  @Test
  void kindsHaveSeparateBudgets() {
    ask(peer, RequestKind.GET_HEADERS, 11, 1);
    throttle.submit(peer, RequestKind.GET_BLOCKS, 1, answer("b", 1));
    assertEquals("b", served.get(served.size() - 1), "GetBlocks served while GetHeaders waits");
    assertEquals(0, stats(peer, RequestKind.GET_BLOCKS).throttled());
  }

  @Test
  void peersHaveSeparateBudgets() {
    RecordingPeer honest = connected(2, false);
    for (int i = 0; i < 100; i++) {
      throttle.submit(peer, RequestKind.GET_BLOCKS, 16, answer("flood", 1));
    }
    for (int i = 0; i < 5; i++) {
      ask(honest, RequestKind.GET_BLOCKS, 1, 1);
      clock.runFor(Duration.ofMillis(200));
    }
    assertEquals(0, stats(honest, RequestKind.GET_BLOCKS).throttled());
    assertTrue(stats(peer, RequestKind.GET_BLOCKS).refused() > 0);
    assertTrue(honest.reports.isEmpty());
  }

  @Test
  void staticPeers_areServedAtOnce_andNeverPenalised() {
    RecordingPeer fixed = connected(2, true);
    for (int i = 0; i < 1_000; i++) {
      throttle.submit(fixed, RequestKind.GET_TX, 1_000, answer("tx", 100_000));
    }
    assertEquals(1_000, served.size());
    assertTrue(fixed.reports.isEmpty());
    RequestLimitStats s = throttle.stats().get(RequestKind.GET_TX.ordinal());
    assertEquals(1_000, s.served());
    assertEquals(0, s.throttled() + s.refused());
    assertEquals(s, stats(fixed, RequestKind.GET_TX), "the peer's own counts");
  }

  @Test
  void aPeerGone_hasItsWaitingRequestsDropped() {
    ask(peer, RequestKind.GET_HEADERS, 12, 1);
    throttle.gone(peer);
    clock.runFor(Duration.ofSeconds(2));
    assertEquals(10, served.size(), "the two waiting are not served");
    ask(peer, RequestKind.GET_HEADERS, 1, 1);
    assertEquals(10, served.size(), "nor anything after");
    assertTrue(throttle.stats(peer.nodeId()).isEmpty());
  }

  @Test
  void violationsFoundWhileServing_areReported() {
    throttle.submit(
        peer,
        RequestKind.GET_BLOCK_TXN,
        1,
        () -> {
          throw new ProtocolViolation(Severity.SERIOUS, "index past the block");
        });
    assertEquals(List.of(Severity.SERIOUS), peer.reports);
  }
}
