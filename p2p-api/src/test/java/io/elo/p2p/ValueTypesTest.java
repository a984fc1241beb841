package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  private final SimulatedNetwork sim = SimulatedNetwork.create(9);

  @Test
  void peerAddress_textFormsRoundTrip() {
    assertEquals("1.2.3.4:5", PeerAddress.of("1.2.3.4", 5).toString());
    assertEquals("[::1]:5", PeerAddress.of("::1", 5).toString());
    assertEquals(PeerAddress.of("::1", 5), PeerAddress.parse("[::1]:5"));
    assertEquals(PeerAddress.of("10.0.0.1", 65535), PeerAddress.parse("10.0.0.1:65535"));
    assertTrue(PeerAddress.of("1.2.3.4", 5).isIpv4());
    assertFalse(PeerAddress.of("::1", 5).isIpv4());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, PeerAddress.of("1.2.3.4", 5).ipBytes());
    assertEquals(PeerAddress.of("1.2.3.4", 9), PeerAddress.fromBytes(new byte[] {1, 2, 3, 4}, 9));
  }

  @Test
  void peerAddress_rejectsHostNamesAndBadInput() {
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.of("localhost", 1));
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.of("1.2.3.4", 65536));
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.fromBytes(new byte[5], 1));
    for (String bad : new String[] {"1.2.3.4", "1.2.3.4:", ":5", "::1:5", "[1.2.3.4]:5",
        "example.com:80", "1.2.3.4:99999", "1.2.3.4:-1", "[::1:5"}) {
      assertEquals(Optional.empty(), PeerAddress.tryParse(bad), bad);
    }
  }

  @Test
  void peerAddress_equality() {
    new EqualsTester()
        .addEqualityGroup(PeerAddress.of("1.2.3.4", 5), PeerAddress.parse("1.2.3.4:5"))
        .addEqualityGroup(PeerAddress.of("1.2.3.4", 6))
        .addEqualityGroup(PeerAddress.of("::1", 5))
        .testEquals();
  }

  @Test
  void nodeId_isSha256OfSchemeAndKey() throws Exception {
    NodeIdentity identity = sim.newIdentity();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 1);
    sha.update(identity.publicKey().toBytes());

    assertArrayEquals(sha.digest(), identity.nodeId().toBytes());
    assertEquals(identity.nodeId(), NodeId.fromHex(identity.nodeId().toHex()));
    assertEquals(identity.nodeId(), NodeId.of(identity.publicKey()));
  }

  @Test
  void nodeId_copiesInAndOut() {
    byte[] bytes = new byte[32];
    NodeId id = NodeId.fromBytes(bytes);
    bytes[0] = 1;
    id.toBytes()[1] = 1;
    assertEquals(NodeId.fromBytes(new byte[32]), id);
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromBytes(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("zz"));
  }

  @Test
  void nodeId_equality() {
    byte[] other = new byte[32];
    other[31] = 1;
    new EqualsTester()
        .addEqualityGroup(NodeId.fromBytes(new byte[32]), NodeId.fromHex("00".repeat(32)))
        .addEqualityGroup(NodeId.fromBytes(other))
        .testEquals();
  }

  @Test
  void distance_isXorWithLogDistance() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[31] = 1;
    byte[] c = new byte[32];
    c[0] = (byte) 0x80;
    NodeId x = NodeId.fromBytes(a);

    assertEquals(0, x.distance(x).logDistance());
    assertTrue(x.distance(x).isZero());
    assertEquals(1, x.distance(NodeId.fromBytes(b)).logDistance());
    assertEquals(256, x.distance(NodeId.fromBytes(c)).logDistance());
    assertTrue(x.distance(NodeId.fromBytes(b)).compareTo(x.distance(NodeId.fromBytes(c))) < 0);
    assertEquals(x.distance(NodeId.fromBytes(c)), NodeId.fromBytes(c).distance(x));
    assertEquals(1, NodeId.fromBytes(c).bit(0));
    assertEquals(0, NodeId.fromBytes(c).bit(1));
  }

  @Test
  void disconnectReason_codesAreUniqueAndRoundTrip() {
    Set<Integer> codes = new HashSet<>();
    for (DisconnectReason reason : DisconnectReason.values()) {
      assertTrue(codes.add(reason.code()));
      assertEquals(reason, DisconnectReason.fromCode(reason.code()));
    }
    assertEquals(DisconnectReason.UNKNOWN, DisconnectReason.fromCode(200));
    assertEquals(DisconnectReason.UNKNOWN, DisconnectReason.fromCode(-1));
    assertTrue(DisconnectReason.TIMEOUT.isTemporary());
    assertTrue(DisconnectReason.TOO_MANY_PEERS.isTemporary());
    assertFalse(DisconnectReason.MISBEHAVIOUR.isTemporary());
    assertFalse(DisconnectReason.WRONG_NETWORK.isTemporary());
  }

  @Test
  void protocolId_validates() {
    assertEquals("chain/1", ProtocolId.of("chain", 1).toString());
    assertThrows(IllegalArgumentException.class, () -> ProtocolId.of("", 1));
    assertThrows(IllegalArgumentException.class, () -> ProtocolId.of("Chain", 1));
    assertThrows(IllegalArgumentException.class, () -> ProtocolId.of("a".repeat(33), 1));
    assertThrows(IllegalArgumentException.class, () -> ProtocolId.of("chain", -1));
    new EqualsTester()
        .addEqualityGroup(ProtocolId.of("chain", 1), new ProtocolId("chain", 1))
        .addEqualityGroup(ProtocolId.of("chain", 2))
        .testEquals();
  }

  @Test
  void ban_needsIpOrNodeId() throws Exception {
    Instant t = Instant.EPOCH;
    assertThrows(
        IllegalArgumentException.class, () -> new Ban(Optional.empty(), Optional.empty(), t, "x"));
    InetAddress ip = InetAddress.getByAddress(new byte[] {1, 2, 3, 4});
    Ban ban = new Ban(Optional.of(ip), Optional.empty(), t.plusSeconds(1), "x");
    assertFalse(ban.isExpired(t));
    assertTrue(ban.isExpired(t.plusSeconds(1)));
    new EqualsTester()
        .addEqualityGroup(ban, new Ban(Optional.of(ip), Optional.empty(), t.plusSeconds(1), "x"))
        .addEqualityGroup(new Ban(Optional.of(ip), Optional.empty(), t.plusSeconds(2), "x"))
        .testEquals();
  }

  @Test
  void smallValues_validateAndCompare() {
    assertThrows(IllegalArgumentException.class, () -> RateLimit.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> RateLimit.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> LinkProfile.PERFECT.withLoss(1));
    assertThrows(IllegalArgumentException.class, () -> new TrafficCounts(-1, 0, 0, 0));
    new EqualsTester()
        .addEqualityGroup(RateLimit.of(1, 2), new RateLimit(1, 2))
        .addEqualityGroup(RateLimit.of(2, 2))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(LinkProfile.ofLatency(Duration.ofMillis(5)),
            new LinkProfile(Duration.ofMillis(5), Duration.ZERO, 0, 0))
        .addEqualityGroup(LinkProfile.PERFECT)
        .testEquals();
    NetworkCounters counters =
        new NetworkCounters(Map.of("ping", new TrafficCounts(1, 2, 3, 4)), 0, 0, 0, 0, 0,
            Map.of(DisconnectReason.IDLE, 2L), 0, 0, 0, 0);
    assertEquals(TrafficCounts.ZERO, counters.traffic("hello"));
    assertEquals(2, counters.disconnects(DisconnectReason.IDLE));
  }

  @Test
  void identity_signsWithItsKey() {
    NodeIdentity identity = sim.newIdentity();
    byte[] message = {1, 2, 3};
    assertTrue(identity.publicKey().scheme().verify(identity.publicKey(), message, identity.sign(message)));
    new EqualsTester()
        .addEqualityGroup(identity, NodeIdentity.of(identity.keyPair()))
        .addEqualityGroup(sim.newIdentity())
        .testEquals();
    assertEquals(Hash.LENGTH, NodeId.LENGTH);
  }

  @Test
  void reputation_decaysAndEscalates() {
    DefaultReputationManager reputation =
        DefaultReputationManager.of(Duration.ofHours(1), Duration.ofMinutes(10));
    NodeId id = sim.newIdentity().nodeId();
    Instant t = Instant.EPOCH;

    assertEquals(ReputationManager.Action.NONE, reputation.report(id, Severity.MAJOR, t));
    assertEquals(30, reputation.score(id, t), 1e-9);
    assertEquals(15, reputation.score(id, t.plus(Duration.ofMinutes(10))), 1e-9);
    assertEquals(
        ReputationManager.Action.NONE,
        reputation.report(id, Severity.MAJOR, t.plus(Duration.ofMinutes(10))));
    assertEquals(ReputationManager.Action.DISCONNECT, reputation.report(id, Severity.MINOR,
        t.plus(Duration.ofMinutes(10))));
    assertEquals(ReputationManager.Action.BAN, reputation.report(id, Severity.SERIOUS, t));
    assertEquals(0, reputation.score(id, t), "a ban starts the score afresh");
    assertEquals(ReputationManager.Action.NONE, ReputationManager.NOOP.report(id, Severity.SERIOUS, t));
  }
}
