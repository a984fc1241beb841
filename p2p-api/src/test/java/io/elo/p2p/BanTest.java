package io.elo.p2p;

import static io.elo.p2p.TestNodes.await;
import static io.elo.p2p.TestNodes.failureReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanTest {
  private static final ProtocolId CHAIN = ProtocolId.of("chain", 1);

  private final SimulatedNetwork sim = SimulatedNetwork.create(6);

  /** A node whose chain protocol reports every message with the severity in its first byte. */
  private PeerNetwork judge(PeerNetworkBuilder builder) {
    PeerNetwork node = builder.build();
    node.registerProtocol(
        CHAIN, (peer, payload) -> peer.reportMisbehaviour(Severity.values()[payload[0]], "test"));
    TestNodes.start(node);
    return node;
  }

  @Test
  void seriousMisbehaviour_disconnectsAndBansUntilTheBanEnds() throws Exception {
    PeerNetwork judge = judge(TestNodes.builder(sim));
    PeerNetwork offender = TestNodes.start(sim);
    Peer peer = TestNodes.connect(sim, offender, judge);

    peer.send(CHAIN, new byte[] {(byte) Severity.SERIOUS.ordinal()});
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertFalse(peer.isConnected());
    assertEquals(1, offender.counters().disconnects(DisconnectReason.MISBEHAVIOUR));
    assertTrue(judge.isBanned(offender.nodeId()));
    InetAddress offenderIp = offender.listenAddress().orElseThrow().ip();
    assertTrue(judge.isBanned(offenderIp));
    assertEquals(1, judge.counters().bansIssued());

    // Dialling in again is refused at once (IP ban) ...
    CompletableFuture<Peer> retry = await(sim, offender.connect(judge.listenAddress().orElseThrow()));
    assertEquals(DisconnectReason.BANNED, failureReason(retry));
    // ... and the judge will not dial the offender either.
    CompletableFuture<Peer> back = await(sim, judge.connect(offender.listenAddress().orElseThrow()));
    assertEquals(DisconnectReason.BANNED, failureReason(back));

    sim.scheduler().runFor(DefaultReputationManager.DEFAULT_BAN_DURATION);
    assertFalse(judge.isBanned(offender.nodeId()));
    assertTrue(TestNodes.connect(sim, offender, judge).isConnected());
  }

  @Test
  void nodeIdBan_refusesTheKeyFromAnotherIp() throws Exception {
    PeerNetwork judge = TestNodes.start(sim);
    NodeIdentity identity = sim.newIdentity();
    judge.ban(
        new Ban(
            Optional.empty(),
            Optional.of(identity.nodeId()),
            sim.scheduler().instant().plus(Duration.ofHours(1)),
            "manual"));
    PeerNetwork offender = TestNodes.start(TestNodes.builder(sim).identity(identity));

    CompletableFuture<Peer> future = await(sim, offender.connect(judge.listenAddress().orElseThrow()));

    assertEquals(DisconnectReason.BANNED, failureReason(future));
    assertEquals(1, judge.bans().size());
    assertTrue(judge.unban(identity.nodeId()));
    assertTrue(judge.bans().isEmpty());
    assertTrue(TestNodes.connect(sim, offender, judge).isConnected());
  }

  @Test
  void minorMisbehaviour_addsUpToDisconnectThenBan() throws Exception {
    PeerNetwork judge = judge(TestNodes.builder(sim));
    PeerNetwork offender = TestNodes.start(sim);
    Peer peer = TestNodes.connect(sim, offender, judge);
    byte minor = (byte) Severity.MINOR.ordinal();

    for (int i = 0; i < 9; i++) {
      peer.send(CHAIN, new byte[] {minor});
    }
    sim.scheduler().runFor(Duration.ofSeconds(1));
    assertTrue(peer.isConnected());
    peer.send(CHAIN, new byte[] {minor});
    peer.send(CHAIN, new byte[] {minor});
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertFalse(peer.isConnected());
    assertFalse(judge.isBanned(offender.nodeId()));
  }

  @Test
  void staticPeer_isNeverBanned() throws Exception {
    PeerNetwork offender = TestNodes.start(sim);
    PeerNetwork judge =
        judge(TestNodes.builder(sim).staticPeer(offender.listenAddress().orElseThrow()));
    Peer offenderSeenByJudge = TestNodes.connect(sim, judge, offender);
    assertTrue(offenderSeenByJudge.isStatic());
    Peer peer = offender.peer(judge.nodeId()).orElseThrow();

    peer.send(CHAIN, new byte[] {(byte) Severity.SERIOUS.ordinal()});
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertTrue(peer.isConnected());
    assertFalse(judge.isBanned(offender.nodeId()));
    assertEquals(0, judge.counters().bansIssued());
  }

  @Test
  void temporaryFault_bansNobody() throws Exception {
    PeerNetwork full = TestNodes.start(TestNodes.builder(sim).maxInboundPeers(1));
    PeerNetwork first = TestNodes.start(sim);
    PeerNetwork second = TestNodes.start(sim);
    TestNodes.connect(sim, first, full);

    CompletableFuture<Peer> refused = await(sim, second.connect(full.listenAddress().orElseThrow()));

    assertEquals(DisconnectReason.TOO_MANY_PEERS, failureReason(refused));
    assertTrue(DisconnectReason.TOO_MANY_PEERS.isTemporary());
    assertTrue(full.bans().isEmpty());
    assertEquals(0, full.counters().bansIssued());
  }

  @Test
  void banList_persistsAndReloads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bans.pb");
    InetAddress host = sim.newHost();
    PeerNetwork node = TestNodes.start(TestNodes.builder(sim, host).banListFile(file));
    NodeIdentity bad = sim.newIdentity();
    InetAddress badIp = sim.newHost();
    java.time.Instant until = sim.scheduler().instant().plus(Duration.ofHours(2));
    node.ban(new Ban(Optional.of(badIp), Optional.of(bad.nodeId()), until, "spam"));
    node.close();

    assertTrue(Files.exists(file));
    assertFalse(Files.exists(dir.resolve("bans.pb.tmp")));
    PeerNetwork restarted =
        TestNodes.start(TestNodes.builder(sim, sim.newHostNear(host)).banListFile(file));

    assertEquals(List.of(new Ban(Optional.of(badIp), Optional.of(bad.nodeId()), until, "spam")),
        restarted.bans());
    assertTrue(restarted.isBanned(badIp));
    assertTrue(restarted.unban(badIp));
    assertEquals(List.of(), BanListFile.read(file));
  }

  @Test
  void expiredBans_areNotReloaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bans.pb");
    java.time.Instant now = sim.scheduler().instant();
    BanListFile.write(
        file,
        List.of(
            new Ban(Optional.of(sim.newHost()), Optional.empty(), now.minusSeconds(1), "old"),
            new Ban(Optional.of(sim.newHost()), Optional.empty(), now.plusSeconds(60), "new")));

    PeerNetwork node = TestNodes.start(TestNodes.builder(sim).banListFile(file));

    assertEquals(1, node.bans().size());
    assertEquals("new", node.bans().get(0).reason());
  }
}
