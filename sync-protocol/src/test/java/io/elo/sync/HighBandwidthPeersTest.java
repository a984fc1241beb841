package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighBandwidthPeersTest {
  private final List<RecordingPeer> peers = new ArrayList<>();
  private final List<PeerState> states = new ArrayList<>();

  HighBandwidthPeersTest() {
    for (int i = 0; i < 5; i++) {
      RecordingPeer peer = new RecordingPeer(i);
      peers.add(peer);
      states.add(new PeerState(peer, i, 8, 0));
    }
  }

  private void deliver(HighBandwidthPeers hb, int index) {
    Outbox out = new Outbox();
    hb.deliveredFirst(states.get(index), out);
  }

  /** The SendCompact flags peer {@code index} received, in order. */
  private List<Boolean> told(int index) throws ProtocolViolation {
    List<Boolean> flags = new ArrayList<>();
    for (byte[] payload : peers.get(index).sent) {
      flags.add(TestMessages.parse(payload).getSendCompact().getHighBandwidth());
    }
    return flags;
  }

  @Test
  void theThreeMostRecentFirstDeliverers_areChosen_andTheLeastRecentIsDemoted() throws Exception {
    HighBandwidthPeers hb = new HighBandwidthPeers(3);
    deliver(hb, 0);
    deliver(hb, 1);
    deliver(hb, 2);
    assertEquals(List.of(states.get(0), states.get(1), states.get(2)), hb.peers());
    deliver(hb, 0); // 0 delivers again: now the most recent
    deliver(hb, 3); // 1 is the least recent: demoted
    assertEquals(List.of(states.get(2), states.get(0), states.get(3)), hb.peers());
    assertEquals(List.of(true), told(0), "told once, not again when it delivers again");
    assertEquals(List.of(true, false), told(1));
    assertEquals(List.of(true), told(3));
    assertTrue(told(4).isEmpty());
  }

  @Test
  void aDisconnectedPeer_isForgotten_withoutAMessage() throws Exception {
    HighBandwidthPeers hb = new HighBandwidthPeers(3);
    deliver(hb, 0);
    deliver(hb, 1);
    hb.remove(states.get(0));
    assertFalse(hb.contains(states.get(0)));
    deliver(hb, 2);
    deliver(hb, 3);
    assertEquals(List.of(states.get(1), states.get(2), states.get(3)), hb.peers());
    assertEquals(List.of(true), told(0));
  }

  @Test
  void zero_turnsHighBandwidthOff() {
    HighBandwidthPeers hb = new HighBandwidthPeers(0);
    deliver(hb, 0);
    assertTrue(hb.peers().isEmpty());
    assertTrue(peers.get(0).sent.isEmpty());
  }
}
