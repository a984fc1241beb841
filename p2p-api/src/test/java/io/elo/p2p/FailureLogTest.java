package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class FailureLogTest {
  private static final String FAILED = "inbound secure handshakes failed";
  private static final String TIMED_OUT = "inbound secure handshakes timed out";

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final RecordingLogger logger = new RecordingLogger();
  private final FailureLog log = new FailureLog(logger, clock);

  private static InetAddress ip(String text) {
    return PeerAddress.of(text, 1).ip();
  }

  private void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Test
  void firstFailure_isSummarisedAtOnce_andEachIsADebugLine() {
    log.record(FAILED, ip("203.0.113.9"), "HANDSHAKE_FAILED: junk");
    assertEquals(
        List.of(FAILED + ": 203.0.113.9: HANDSHAKE_FAILED: junk"), logger.at(Level.DEBUG));
    List<String> info = logger.at(Level.INFO);
    assertEquals(1, info.size());
    assertTrue(info.get(0).startsWith(FAILED + ": 1 from 1 address in 0 s, top offender"
        + " 203.0.113.9 (1); last: HANDSHAKE_FAILED: junk"), info.get(0));
  }

  @Test
  void failuresWithinTheInterval_areCounted_andSummarisedByTheFirstAfterIt() {
    log.record(FAILED, ip("203.0.113.9"), "first");
    for (int i = 0; i < 99; i++) {
      advance(Duration.ofMillis(500));
      log.record(FAILED, ip(i % 3 == 0 ? "198.51.100.1" : "203.0.113.9"), "event " + i);
    }
    assertEquals(1, logger.at(Level.INFO).size());
    advance(Duration.ofSeconds(11)); // 60.5 s after the first summary
    log.record(FAILED, ip("192.0.2.7"), "late");
    List<String> info = logger.at(Level.INFO);
    assertEquals(2, info.size());
    assertTrue(info.get(1).startsWith(FAILED + ": 100 from 3 addresses in 60 s, top offender"
        + " 203.0.113.9 (66); last: late"), info.get(1));
    assertEquals(101, logger.at(Level.DEBUG).size());
  }

  @Test
  void tenThousandFailuresOverFiveMinutes_atMostOneInfoLinePerKindPerStartedMinute() {
    Instant start = now.get();
    for (int i = 0; i < 10_000; i++) {
      log.record(i % 2 == 0 ? FAILED : TIMED_OUT, ip("203.0.113." + (i % 200)), "junk " + i);
      advance(Duration.ofMillis(30));
    }
    long startedMinutes = Duration.between(start, now.get()).toMinutes() + 1;
    for (String kind : List.of(FAILED, TIMED_OUT)) {
      long lines = logger.at(Level.INFO).stream().filter(l -> l.startsWith(kind + ":")).count();
      assertTrue(lines >= 1 && lines <= startedMinutes, kind + ": " + lines);
    }
    int bytes = logger.at(Level.INFO).stream().mapToInt(String::length).sum();
    assertTrue(bytes < 16 * 1024, bytes + " bytes");
  }

  @Test
  void addressesPerSummary_areBounded() {
    log.record(FAILED, ip("10.0.0.1"), "first");
    for (int i = 0; i < 2_000; i++) {
      log.record(FAILED, ip("10.0." + (i / 250) + "." + (i % 250)), "x");
    }
    advance(FailureLog.DEFAULT_INTERVAL);
    log.record(FAILED, null, "unknown source");
    String summary = logger.at(Level.INFO).get(1);
    assertTrue(summary.startsWith(FAILED + ": 2001 from more than 1024 addresses"), summary);
  }

  @Test
  void kinds_areBounded_furtherOnesAreOtherFailures() {
    for (int i = 0; i < FailureLog.MAX_KINDS + 5; i++) {
      log.record("kind " + i, ip("192.0.2.1"), "x");
    }
    List<String> info = logger.at(Level.INFO);
    assertEquals(FailureLog.MAX_KINDS + 1, info.size());
    assertTrue(info.get(FailureLog.MAX_KINDS).startsWith("other failures: 1 from"), info.toString());
  }

  @Test
  void longDetails_areShortenedInTheSummary() {
    log.record(FAILED, ip("192.0.2.1"), "y".repeat(1000));
    String summary = logger.at(Level.INFO).get(0);
    assertTrue(summary.length() < 400, summary);
  }
}
