package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NetGroupsTest {
  private static InetAddress ip(String text) {
    return PeerAddress.of(text, 1).ip();
  }

  @Test
  void standard_groupsIpv4BySlash16_andIpv6BySlash32() {
    NetGroups groups = NetGroups.standard();
    assertEquals(groups.netGroup(ip("1.2.3.4")), groups.netGroup(ip("1.2.200.9")));
    assertNotEquals(groups.netGroup(ip("1.2.3.4")), groups.netGroup(ip("1.3.3.4")));
    assertEquals(NetGroup.of("ipv4/1.2"), groups.netGroup(ip("1.2.3.4")));
    assertEquals(groups.netGroup(ip("2001:db8::1")), groups.netGroup(ip("2001:db8:ffff::2")));
    assertNotEquals(groups.netGroup(ip("2001:db8::1")), groups.netGroup(ip("2001:db9::1")));
    assertFalse(groups.isExempt(ip("127.0.0.1")));
  }

  @Test
  void exemptingLocal_exemptsLoopbackAndPrivate_andGivesEachItsOwnGroup() {
    NetGroups groups = NetGroups.exemptingLocal();
    assertTrue(groups.isExempt(ip("127.0.0.1")));
    assertTrue(groups.isExempt(ip("10.1.2.3")));
    assertTrue(groups.isExempt(ip("192.168.1.1")));
    assertFalse(groups.isExempt(ip("8.8.8.8")));
    assertNotEquals(groups.netGroup(ip("10.1.2.3")), groups.netGroup(ip("10.1.2.4")));
    assertEquals(NetGroup.of("ipv4/8.8"), groups.netGroup(ip("8.8.4.4")));
  }

  @Test
  void custom_functionIsUsed() {
    NetGroups groups = NetGroups.of(a -> NetGroup.of("all"), a -> true);
    assertEquals(NetGroup.of("all"), groups.netGroup(ip("1.2.3.4")));
    assertTrue(groups.isExempt(ip("1.2.3.4")));
  }

  @Test
  void netGroup_validatesItsName() {
    assertThrows(IllegalArgumentException.class, () -> NetGroup.of(""));
    assertThrows(IllegalArgumentException.class, () -> NetGroup.of("x".repeat(65)));
  }

  @Test
  void valueTypes_equalityAndHashCode() {
    NodeId a = NodeId.fromBytes(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    NodeId b = NodeId.fromBytes(other);
    new EqualsTester()
        .addEqualityGroup(NetGroup.of("ipv4/1.2"), NetGroup.of("ipv4/1.2"))
        .addEqualityGroup(NetGroup.of("ipv4/1.3"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            new DiscoveredNode(a, PeerAddress.of("1.2.3.4", 5), 1),
            new DiscoveredNode(a, PeerAddress.of("1.2.3.4", 5), 1))
        .addEqualityGroup(new DiscoveredNode(b, PeerAddress.of("1.2.3.4", 5), 1))
        .addEqualityGroup(new DiscoveredNode(a, PeerAddress.of("1.2.3.4", 6), 1))
        .addEqualityGroup(new DiscoveredNode(a, PeerAddress.of("1.2.3.4", 5), 2))
        .testEquals();
    assertThrows(
        IllegalArgumentException.class,
        () -> new DiscoveredNode(a, PeerAddress.of("1.2.3.4", 5), -1));
  }
}
