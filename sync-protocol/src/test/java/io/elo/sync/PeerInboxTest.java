package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Peer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class PeerInboxTest {
  private final Queue<Runnable> loop = new ArrayDeque<>();
  private final List<String> handled = new ArrayList<>();

  private PeerInbox inbox(Peer peer, int maxMessages, long maxBytes, List<String> gone) {
    return new PeerInbox(
        peer,
        maxMessages,
        maxBytes,
        loop::add,
        (p, m) -> handled.add(p.nodeId().toString().substring(0, 4) + ":" + m),
        () -> gone.add(peer.nodeId().toString()));
  }

  private void runLoop() {
    Runnable task;
    while ((task = loop.poll()) != null) {
      task.run();
    }
  }

  private static String tag(Peer peer, Object m) {
    return peer.nodeId().toString().substring(0, 4) + ":" + m;
  }

  @Test
  void aFullInbox_stopsTakingThatPeersMessages_whileOtherPeersGoOn() {
    RecordingPeer a = new RecordingPeer(1);
    RecordingPeer b = new RecordingPeer(2);
    List<String> gone = new ArrayList<>();
    PeerInbox full = inbox(a, 3, 1 << 20, gone);
    PeerInbox other = inbox(b, 3, 1 << 20, gone);
    for (int i = 0; i < 3; i++) {
      assertTrue(full.offer("a" + i, 10));
    }
    assertFalse(full.offer("a3", 10), "the bound refuses");
    assertTrue(other.offer("b0", 10), "another peer's inbox is unaffected");
    runLoop();
    assertFalse(full.offer("a4", 10), "a peer over its bound stays refused once drained");
    assertTrue(other.offer("b1", 10));
    runLoop();
    assertEquals(
        List.of(tag(a, "a0"), tag(a, "a1"), tag(a, "a2"), tag(b, "b0"), tag(b, "b1")), handled);
  }

  @Test
  void theByteBound_refusesAllButAMessageAlone() {
    RecordingPeer a = new RecordingPeer(1);
    PeerInbox inbox = inbox(a, 100, 1000, new ArrayList<>());
    assertTrue(inbox.offer("big", 5000), "a message alone is always taken");
    assertFalse(inbox.offer("more", 1), "over the byte bound");
    assertEquals(1, inbox.size());
    assertEquals(5000, inbox.bytes());
    runLoop();
    assertEquals(0, inbox.bytes());
  }

  @Test
  void drainsTakeTurns_soABusyPeerCannotStarveTheOthers() {
    RecordingPeer a = new RecordingPeer(1);
    RecordingPeer b = new RecordingPeer(2);
    PeerInbox busy = inbox(a, 1000, 1 << 20, new ArrayList<>());
    PeerInbox quiet = inbox(b, 1000, 1 << 20, new ArrayList<>());
    for (int i = 0; i < 3 * PeerInbox.TURN; i++) {
      busy.offer(i, 1);
    }
    quiet.offer("q", 1);
    runLoop();
    assertEquals(tag(b, "q"), handled.get(PeerInbox.TURN), "served after one turn of the busy peer");
    assertEquals(3 * PeerInbox.TURN + 1, handled.size());
  }

  @Test
  void theDisconnect_comesAfterTheQueuedMessages_andNothingAfterIt() {
    RecordingPeer a = new RecordingPeer(1);
    List<String> gone = new ArrayList<>();
    PeerInbox inbox = inbox(a, 10, 1 << 20, gone);
    inbox.offer("m0", 1);
    inbox.close();
    assertFalse(inbox.offer("late", 1));
    runLoop();
    assertEquals(List.of(tag(a, "m0")), handled);
    assertEquals(1, gone.size());
  }
}
