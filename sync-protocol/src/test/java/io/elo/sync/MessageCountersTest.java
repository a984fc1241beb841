package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.crypto.Hash;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessageCountersTest {
  private static final Hash H = Hash.sha256d(new byte[] {1});

  @Test
  void kind_readsTheEnvelopeTag() {
    assertEquals(2, MessageCounters.kind(TestMessages.getHeaders(List.of(H))));
    assertEquals(3, MessageCounters.kind(TestMessages.headers(List.of())));
    assertEquals(13, MessageCounters.kind(TestMessages.invTx(List.of(H))));
    assertEquals(14, MessageCounters.kind(TestMessages.getTx(List.of(H))));
  }

  @Test
  void kind_ofGarbageOrUnknownFields_isUnknown() {
    assertEquals(0, MessageCounters.kind(new byte[0]));
    assertEquals(0, MessageCounters.kind(new byte[] {(byte) 0xff, (byte) 0xff}));
    assertEquals(0, MessageCounters.kind(new byte[] {(byte) ((9 << 3) | 2), 0})); // reserved 9
    assertEquals(0, MessageCounters.kind(new byte[] {(byte) 0x8a, 0x01, 0})); // field 17
  }

  @Test
  void sendAndReceive_countPerKindAndDirection() {
    MessageCounters counters = new MessageCounters();
    RecordingPeer peer = new RecordingPeer(1);
    byte[] inv = TestMessages.invTx(List.of(H, H));
    counters.send(peer, inv);
    counters.send(peer, inv);
    byte[] get = TestMessages.getHeaders(List.of(H));
    counters.received(get);
    counters.received(new byte[] {1, 2, 3});
    Map<String, ChainMessageStats> byKind =
        counters.snapshot().stream()
            .collect(Collectors.toMap(ChainMessageStats::kind, Function.identity()));
    assertEquals(new ChainMessageStats("inv_tx", 0, 0, 2, 2L * inv.length), byKind.get("inv_tx"));
    assertEquals(
        new ChainMessageStats("get_headers", 1, get.length, 0, 0), byKind.get("get_headers"));
    assertEquals(new ChainMessageStats("unknown", 1, 3, 0, 0), byKind.get("unknown"));
    assertEquals(2, peer.sent.size());
  }

  @Property(tries = 10000)
  void kind_neverThrowsAndStaysInRange(@ForAll byte[] payload) {
    int kind = MessageCounters.kind(payload);
    assertEquals(true, kind >= 0 && kind < 32);
  }
}
