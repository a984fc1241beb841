package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HandshakeSlotsTest {
  /** Groups by /16; 127.0.0.0/8 exempt. */
  private static final NetGroups GROUPS =
      NetGroups.of(NetGroups::prefixGroup, InetAddress::isLoopbackAddress);

  private static InetAddress ip(String text) {
    return PeerAddress.of(text, 1).ip();
  }

  @Test
  void oneAddress_holdsItsShare_othersStillGetIn() {
    HandshakeSlots slots = new HandshakeSlots(GROUPS, 10, 2, 4);
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("203.0.113.9")));
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("203.0.113.9")));
    assertEquals(HandshakeSlots.Result.ADDRESS_FULL, slots.tryAcquire(ip("203.0.113.9")));
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("198.51.100.1")));
    assertEquals(2, slots.pending(ip("203.0.113.9")));
    assertEquals(3, slots.pending());
  }

  @Test
  void oneNetGroup_holdsItsShare() {
    HandshakeSlots slots = new HandshakeSlots(GROUPS, 10, 2, 3);
    slots.tryAcquire(ip("203.0.1.1"));
    slots.tryAcquire(ip("203.0.2.2"));
    slots.tryAcquire(ip("203.0.3.3"));
    assertEquals(HandshakeSlots.Result.NET_GROUP_FULL, slots.tryAcquire(ip("203.0.4.4")));
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("203.1.4.4")));
  }

  @Test
  void total_boundsEveryone_exemptAddressesIncluded_butTheyHaveNoShare() {
    HandshakeSlots slots = new HandshakeSlots(GROUPS, 5, 1, 1);
    for (int i = 0; i < 4; i++) {
      assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("127.0.0.1")));
    }
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("203.0.113.9")));
    assertEquals(HandshakeSlots.Result.FULL, slots.tryAcquire(ip("198.51.100.1")));
    assertEquals(HandshakeSlots.Result.FULL, slots.tryAcquire(ip("127.0.0.1")));
    assertEquals(0, slots.pending(ip("127.0.0.1")));
  }

  @Test
  void release_freesTheSlotOfItsAddressAndGroup_once() {
    HandshakeSlots slots = new HandshakeSlots(GROUPS, 10, 1, 1);
    slots.tryAcquire(ip("203.0.113.9"));
    assertEquals(HandshakeSlots.Result.NET_GROUP_FULL, slots.tryAcquire(ip("203.0.1.1")));
    slots.release(ip("203.0.113.9"));
    assertEquals(0, slots.pending());
    assertEquals(HandshakeSlots.Result.ACQUIRED, slots.tryAcquire(ip("203.0.1.1")));
    assertThrows(IllegalStateException.class, () -> slots.release(ip("203.0.113.9")));
  }

  @Test
  void settings_arePositive() {
    assertThrows(IllegalArgumentException.class, () -> new HandshakeSlots(GROUPS, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new HandshakeSlots(GROUPS, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new HandshakeSlots(GROUPS, 1, 1, 0));
  }
}
