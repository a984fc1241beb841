package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainParams;
import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.p2p.NodeId;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.internal.proto.BlockMessage;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStates;
import io.elo.validation.InvalidReason;
import io.elo.validation.MutableClock;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: every kind of invalid block of the validation catalogue, pushed by its own
 * attacking peer, is refused (the reason checked on a reference chain state), the attacker is
 * banned, the victim's tip does not move, and its honest peer keeps serving it new blocks. Blocks
 * refused without penalty (from the future, unknown parent) ban nobody.
 */
@Timeout(90)
class InvalidBlocksScenarioIT {
  /** Penalising reasons no block can be built for: loose-transaction only, or beyond supply. */
  private static final Set<InvalidReason> NOT_BUILDABLE =
      EnumSet.of(InvalidReason.UNEXPECTED_COINBASE, InvalidReason.INPUTS_OVERFLOW);

  private static final Set<InvalidReason> BANNED = EnumSet.noneOf(InvalidReason.class);

  @AfterAll
  static void everyPenalisingBlockReasonWasSentAndBanned() {
    Set<InvalidReason> expected = EnumSet.noneOf(InvalidReason.class);
    for (InvalidReason reason : InvalidReason.values()) {
      if (reason.penalize() && !NOT_BUILDABLE.contains(reason)) {
        expected.add(reason);
      }
    }
    assertEquals(expected, BANNED, "penalising reasons covered over the network");
  }

  private record Victim(SimulatedNodes net, Node victim, Node honest) {}

  private static Victim setup(long seed, TestChainBuilder chain, List<Block> base) {
    SimulatedNodes net = SimulatedNodes.create(seed, chain.params(), chain.clockStart());
    Node victim = net.add();
    Node honest = net.add();
    net.connect(victim, honest);
    base.forEach(block -> net.submit(honest, block));
    Hash tip = base.get(base.size() - 1).hash();
    assertTrue(net.runUntil(() -> victim.tip().hash().equals(tip), Duration.ofSeconds(30)));
    return new Victim(net, victim, honest);
  }

  private static byte[] blockMessage(byte[] encoded) {
    return ChainMessage.newBuilder()
        .setBlock(BlockMessage.newBuilder().setBlock(ByteString.copyFrom(encoded)))
        .build()
        .toByteArray();
  }

  /** A new attacker on its own host, connected to the victim, that pushes {@code encoded}. */
  private static ScriptedPeer push(Victim v, ChainParams params, byte[] encoded) {
    ScriptedPeer attacker =
        ScriptedPeer.start(
            v.net().network(),
            params,
            List.of(params.genesis()),
            ScriptedPeer.Blocks.HONEST);
    attacker.claimWork(ChainWork.ZERO); // no reason for the victim to ask it for headers
    v.net().await(v.victim().connect(attacker.network().listenAddress().orElseThrow()));
    v.net().runFor(Duration.ofSeconds(1));
    attacker.sendRaw(blockMessage(encoded));
    return attacker;
  }

  private static void sendEachAndExpectBans(
      Victim v, ChainParams params, ChainState reference, List<InvalidBlockCatalogue.Case> cases)
      throws Exception {
    Hash tip = v.victim().tip().hash();
    for (InvalidBlockCatalogue.Case c : cases) {
      BlockSubmitResult.Invalid invalid =
          assertInstanceOf(
              BlockSubmitResult.Invalid.class, reference.submitEncodedBlock(c.encoded()));
      assertEquals(c.reason(), invalid.reason(), "the catalogue block fails as named");
      assertTrue(invalid.penalize());

      ScriptedPeer attacker = push(v, params, c.encoded());
      NodeId id = attacker.network().nodeId();
      assertTrue(
          v.net().runUntil(() -> v.victim().network().isBanned(id), Duration.ofSeconds(10)),
          c.reason() + ": the attacker is banned");
      assertEquals(tip, v.victim().tip().hash(), c.reason() + ": the tip did not move");
      assertTrue(v.victim().network().peer(v.honest().nodeId()).isPresent(), "honest peer kept");
      BANNED.add(c.reason());
    }
  }

  private static void honestPeerStillServes(Victim v, TestChainBuilder chain, Block tip) {
    List<Block> more = chain.extend(tip, 3);
    more.forEach(block -> v.net().submit(v.honest(), block));
    Hash last = more.get(2).hash();
    assertTrue(
        v.net().runUntil(() -> v.victim().tip().hash().equals(last), Duration.ofSeconds(20)),
        "the honest peer keeps serving: " + v.victim().syncStatus());
  }

  @Test
  void everyProofOfWorkInvalidBlock_bansItsSender_andHonestPeersKeepServing() throws Exception {
    ChainParams params = InvalidBlockCatalogue.powParams();
    TestChainBuilder chain = TestChainBuilder.of(params);
    List<Block> base = InvalidBlockCatalogue.powBase(chain);
    ChainState reference = ChainStates.inMemory(params, new MutableClock(chain.clockStart()));
    for (Block block : base) {
      assertInstanceOf(BlockSubmitResult.Connected.class, reference.submitBlock(block));
    }
    List<InvalidBlockCatalogue.Case> cases =
        InvalidBlockCatalogue.powCases(chain, base, reference.tip().medianTimePast());
    Victim v = setup(921, chain, base);
    try (SimulatedNodes net = v.net()) {
      sendEachAndExpectBans(v, params, reference, cases);
      assertEquals(cases.size(), v.victim().network().bans().size(), "one ban per attacker");
      honestPeerStillServes(v, chain, base.get(base.size() - 1));
    }
  }

  @Test
  void everyProofOfAuthorityInvalidBlock_bansItsSender() throws Exception {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(3);
    Block first = poa.on(poa.genesis()).build();
    ChainState reference = ChainStates.inMemory(poa.params(), new MutableClock(poa.clockStart()));
    assertInstanceOf(BlockSubmitResult.Connected.class, reference.submitBlock(first));
    List<InvalidBlockCatalogue.Case> cases = InvalidBlockCatalogue.poaCases(poa, first);
    Victim v = setup(922, poa, List.of(first));
    try (SimulatedNodes net = v.net()) {
      sendEachAndExpectBans(v, poa.params(), reference, cases);
      honestPeerStillServes(v, poa, first);
    }
  }

  @Test
  void blocksRefusedWithoutPenalty_banNobody() throws Exception {
    TestChainBuilder chain = TestChainBuilder.regtest();
    List<Block> base = chain.extend(chain.genesis(), 5);
    Victim v = setup(923, chain, base);
    try (SimulatedNodes net = v.net()) {
      Block tip = base.get(4);
      long beyond =
          net.scheduler().instant().plus(chain.params().maxFutureDrift()).getEpochSecond() + 600;
      Block future = chain.on(tip).timestamp(beyond).build();
      Block unconnected = chain.on(chain.on(tip).build()).build();
      List<ScriptedPeer> attackers = new ArrayList<>();
      for (Block block : List.of(future, unconnected)) {
        attackers.add(push(v, chain.params(), block.encode()));
      }
      net.runFor(Duration.ofSeconds(10));
      for (ScriptedPeer attacker : attackers) {
        NodeId id = attacker.network().nodeId();
        assertFalse(v.victim().network().isBanned(id), "refused without penalty: no ban");
        assertTrue(v.victim().network().peer(id).isPresent(), "and still connected");
      }
      assertEquals(tip.hash(), v.victim().tip().hash());
      assertTrue(v.victim().network().bans().isEmpty());
      honestPeerStillServes(v, chain, tip);
    }
  }
}
