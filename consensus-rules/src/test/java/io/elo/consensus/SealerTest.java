package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SealerTest {
  private static final Address PAY_TO = Address.of(Hash.sha256d(new byte[] {5}));
  private final SecureRandom random = new SecureRandom(new byte[] {3});
  private final List<KeyPair> keys =
      List.of(
          SignatureSchemes.ED25519.generateKeyPair(random),
          SignatureSchemes.ED25519.generateKeyPair(random),
          SignatureSchemes.ED25519.generateKeyPair(random));
  private final ChainParams params =
      ChainParams.proofOfAuthority(
          keys.stream().map(KeyPair::publicKey).toList(), Duration.ofSeconds(4));
  private final ProofOfAuthority poa = ProofOfAuthority.of(params);
  private final long genesisMillis = params.genesis().header().timestamp() * 1000;
  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.ofEpochMilli(genesisMillis));
  private final List<Block> sealed = new ArrayList<>();
  private ListHeaderChain tip = ListHeaderChain.genesis(params);

  private Sealer sealer(KeyPair key) {
    return Sealer.builder(params, key.privateKey())
        .tips(() -> tip)
        .sink(sealed::add)
        .payTo(PAY_TO)
        .clock(scheduler)
        .scheduler(scheduler)
        .random(new SplittableRandom(42))
        .build();
  }

  @Test
  void inTurn_sealsAtParentTimePlusSpacing() {
    Sealer inTurn = sealer(keys.get(1)); // height 1 belongs to authority 1
    inTurn.start();
    scheduler.advanceTo(Instant.ofEpochMilli(genesisMillis + 3_999));
    assertEquals(List.of(), sealed, "not before parent time + spacing");
    scheduler.advanceTo(Instant.ofEpochMilli(genesisMillis + 4_000));
    assertEquals(1, sealed.size());
    Block block = sealed.get(0);
    assertEquals(params.genesis().header().timestamp() + 4, block.header().timestamp());
    assertEquals(ProofOfAuthority.IN_TURN_BITS, block.header().bits());
    assertEquals(RuleResult.valid(), poa.checkHeader(block.header(), tip));
    assertEquals(
        params.subsidy(Height.of(1)), block.transactions().get(0).outputs().get(0).amount());
    assertEquals(1, inTurn.blocksProduced());
  }

  @Test
  void outOfTurn_waitsAnExtraDelayAndDefersToTheInTurnBlock() {
    Sealer outOfTurn = sealer(keys.get(0));
    outOfTurn.start();
    long due = scheduler.pendingDueTimes().get(0);
    assertTrue(due >= genesisMillis + 4_000 + 2_000, "at least half a spacing late");
    assertTrue(due < genesisMillis + 4_000 + 4_000, "jitter below half a spacing");
    // The in-turn block arrives first, so the pending out-of-turn seal for height 1 is dropped;
    // authority 0 may still seal height 2 (out of turn: it belongs to authority 2).
    scheduler.advanceTo(Instant.ofEpochMilli(genesisMillis + 4_000));
    Sealer inTurn = sealer(keys.get(1));
    inTurn.start();
    scheduler.advanceTo(Instant.ofEpochMilli(genesisMillis + 4_000));
    assertEquals(1, sealed.size());
    tip = tip.extend(sealed.get(0).header());
    outOfTurn.onNewTip();
    inTurn.stop();
    scheduler.advanceTo(Instant.ofEpochMilli(due));
    assertEquals(1, sealed.size(), "the stale out-of-turn seal was cancelled");
    scheduler.advanceBy(20_000);
    assertEquals(2, sealed.size(), "out of turn at height 2 after the extra delay");
    Block late = sealed.get(1);
    assertEquals(ProofOfAuthority.OUT_OF_TURN_BITS, late.header().bits());
    assertEquals(RuleResult.valid(), poa.checkHeader(late.header(), tip));
    outOfTurn.stop();
  }

  @Test
  void overLimit_doesNotSeal() {
    Sealer second = sealer(keys.get(2));
    BlockHeader byTwo =
        BlockHeader.of(
            1,
            tip.hash(),
            Hash.ZERO,
            tip.header().timestamp() + 4,
            ProofOfAuthority.OUT_OF_TURN_BITS,
            0);
    tip = tip.extend(poa.seal(byTwo, keys.get(2).privateKey()));
    second.start();
    assertEquals(List.of(), scheduler.pendingDueTimes(), "authority 2 sealed the parent");
    scheduler.advanceBy(60_000);
    assertEquals(List.of(), sealed);
    second.stop();
  }

  @Test
  void builder_rejectsNonAuthority() {
    KeyPair outsider = SignatureSchemes.ED25519.generateKeyPair(random);
    assertThrows(
        IllegalArgumentException.class, () -> Sealer.builder(params, outsider.privateKey()));
  }
}
