package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final ProtocolId CHAT = ProtocolId.of("chat", 1);

  private final SimulatedNetwork sim = SimulatedNetwork.create(7);

  @Test
  void bucket_allowsBurstThenRate() {
    RateLimiter limiter = new RateLimiter(java.util.Map.of("k", RateLimit.of(2, 3)));
    Instant t = Instant.EPOCH;

    for (int i = 0; i < 3; i++) {
      assertEquals(RateLimiter.Verdict.ALLOW, limiter.check("k", t));
    }
    assertEquals(RateLimiter.Verdict.DROP_AND_REPORT, limiter.check("k", t));
    assertEquals(RateLimiter.Verdict.DROP, limiter.check("k", t));
    assertEquals(RateLimiter.Verdict.ALLOW, limiter.check("k", t.plusMillis(500)));
    // A new run of drops is reported again.
    assertEquals(RateLimiter.Verdict.DROP_AND_REPORT, limiter.check("k", t.plusMillis(500)));
    assertEquals(RateLimiter.Verdict.DROP, limiter.check("k", t.plusMillis(500)));
    assertEquals(RateLimiter.Verdict.DISCONNECT, limiter.check("k", t.plusMillis(500)));
    assertEquals(RateLimiter.Verdict.ALLOW, limiter.check("other", t));
  }

  @Test
  void overLimit_dropsAndReportsThenSustainedFloodDisconnects() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    PeerNetwork sender = TestNodes.start(sim);
    PeerNetwork receiver = TestNodes.builder(sim).rateLimit(CHAT, RateLimit.of(10, 20)).build();
    receiver.registerProtocol(CHAT, (peer, payload) -> delivered.incrementAndGet());
    receiver.start();
    Peer peer = TestNodes.connect(sim, sender, receiver);

    for (int i = 0; i < 25; i++) {
      peer.send(CHAT, new byte[] {1});
    }
    sim.scheduler().runFor(Duration.ofSeconds(1));
    assertEquals(20, delivered.get());
    assertEquals(5, receiver.counters().rateLimitedMessages());
    assertTrue(peer.isConnected());
    double score =
        ((DefaultPeerNetwork) receiver).config().reputation().score(sender.nodeId(), sim.scheduler().instant());
    assertTrue(score > 0);

    for (int i = 0; i < 100; i++) {
      peer.send(CHAT, new byte[] {1});
    }
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertFalse(peer.isConnected());
    assertEquals(1, receiver.counters().disconnects(DisconnectReason.MISBEHAVIOUR));
  }

  @Test
  void withinLimit_nothingDropped() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    PeerNetwork sender = TestNodes.start(sim);
    PeerNetwork receiver = TestNodes.builder(sim).rateLimit(CHAT, RateLimit.of(10, 5)).build();
    receiver.registerProtocol(CHAT, (peer, payload) -> delivered.incrementAndGet());
    receiver.start();
    Peer peer = TestNodes.connect(sim, sender, receiver);

    for (int i = 0; i < 50; i++) {
      peer.send(CHAT, new byte[] {1});
      sim.scheduler().runFor(Duration.ofMillis(100));
    }
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(50, delivered.get());
    assertEquals(0, receiver.counters().rateLimitedMessages());
  }
}
