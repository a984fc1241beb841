package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainParamsTest {
  @Test
  void predefined_haveTheDocumentedValues() {
    ChainParams regtest = ChainParams.regtest();
    assertEquals(ConsensusKind.PROOF_OF_WORK, regtest.consensusKind());
    assertEquals(0x207fffff, regtest.powLimit().toCompact());
    assertEquals(Duration.ofSeconds(10), regtest.targetSpacing());
    assertEquals(Duration.ofHours(1), regtest.asertHalfLife());
    assertEquals(Duration.ofMinutes(2), regtest.maxFutureDrift());
    assertEquals(10, regtest.coinbaseMaturity());
    assertEquals(150, regtest.halvingInterval());
    assertEquals(Amount.ofCoins(50), regtest.initialSubsidy());
    assertEquals(19444, regtest.defaultPort());
    assertEquals("elor", regtest.addressPrefix());
    assertEquals(4_000_000, regtest.maxBlockSize());

    ChainParams devnet = ChainParams.devnet();
    assertEquals(Duration.ofSeconds(5), devnet.targetSpacing());
    assertEquals(Duration.ofMinutes(10), devnet.asertHalfLife());
    assertEquals(Duration.ofSeconds(60), devnet.maxFutureDrift()); // 2 h x 5 s / 600 s
    assertEquals(20, devnet.coinbaseMaturity());
    assertEquals("elod", devnet.addressPrefix());
    assertEquals(19445, devnet.defaultPort());
    // About spacing x 1M hashes per block at the limit.
    long expectedHashes = devnet.powLimit().work().value().longValueExact();
    assertTrue(Math.abs(expectedHashes - 5_000_000) < 50_000, "hashes " + expectedHashes);

    ChainParams testnet = ChainParams.testnet();
    assertEquals(Duration.ofSeconds(60), testnet.targetSpacing());
    assertEquals(Duration.ofDays(1), testnet.asertHalfLife());
    assertEquals(Duration.ofMinutes(12), testnet.maxFutureDrift());
    assertEquals(100, testnet.coinbaseMaturity());
    assertEquals("elot", testnet.addressPrefix());
    assertEquals(19446, testnet.defaultPort());

    for (ChainParams p : List.of(regtest, devnet, testnet)) {
      assertEquals(11, p.medianTimePastWindow());
      assertTrue(p.authorities().isEmpty());
      assertEquals(p.powLimit().toCompact(), p.genesis().header().bits(), p.name());
      assertEquals(Block.computeMerkleRoot(p.genesis().transactions()),
          p.genesis().header().merkleRoot());
    }
    assertEquals(3, List.of(regtest.genesisHash(), devnet.genesisHash(), testnet.genesisHash())
        .stream().distinct().count());
  }

  @Test
  void genesis_isDeterministic() {
    assertEquals(ChainParams.regtest().genesis(), ChainParams.regtest().toBuilder().build().genesis());
    assertEquals(ChainParams.regtest(), ChainParams.regtest().toBuilder().build());
  }

  @Test
  void toBuilder_derivesANewGenesisForNewValues() {
    ChainParams later =
        ChainParams.regtest().toBuilder().genesisTime(Instant.ofEpochSecond(1_800_000_000L)).build();
    assertEquals(1_800_000_000L, later.genesis().header().timestamp());
    assertNotEquals(ChainParams.regtest().genesisHash(), later.genesisHash());
  }

  @Test
  void drift_scalesWithSpacingWithAFloor() {
    assertEquals(Duration.ofHours(2), Networks.scaledDrift(Duration.ofSeconds(600)));
    assertEquals(Duration.ofSeconds(15), Networks.scaledDrift(Duration.ofSeconds(1)));
  }

  @Test
  void subsidy_halves() {
    ChainParams p = ChainParams.regtest();
    assertEquals(Amount.ofCoins(50), p.subsidy(Height.ZERO));
    assertEquals(Amount.ofCoins(50), p.subsidy(Height.of(149)));
    assertEquals(Amount.ofCoins(25), p.subsidy(Height.of(150)));
    assertEquals(Amount.ofAtoms(Amount.ofCoins(50).atoms() >> 10), p.subsidy(Height.of(1500)));
    assertEquals(Amount.ZERO, p.subsidy(Height.of(150 * 63)));
    assertEquals(Amount.ZERO, p.subsidy(Height.of(150 * 64)));
    assertEquals(Amount.ZERO, p.subsidy(Height.of(Integer.MAX_VALUE)));
  }

  @Test
  void proofOfAuthority_hasSignersAndWeightTwoGenesis() {
    KeyPair a = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom(new byte[] {1}));
    ChainParams p = ChainParams.proofOfAuthority(List.of(a.publicKey()), Duration.ofSeconds(2));
    assertEquals(ConsensusKind.PROOF_OF_AUTHORITY, p.consensusKind());
    assertEquals(List.of(a.publicKey()), p.authorities());
    assertEquals("elop", p.addressPrefix());
    assertEquals(ProofOfAuthority.IN_TURN_BITS, p.genesis().header().bits());
    assertEquals(0, p.genesis().header().sealLength());
  }

  @Test
  void build_rejectsContradictions() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ChainParams.regtest().toBuilder().maxBlockSize(Block.MAX_SIZE + 1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> ChainParams.regtest().toBuilder().consensusKind(ConsensusKind.PROOF_OF_AUTHORITY)
            .build());
    assertThrows(
        IllegalArgumentException.class,
        () -> ChainParams.regtest().toBuilder().targetSpacing(Duration.ofMillis(1500)).build());
    assertThrows(IllegalStateException.class, () -> ChainParams.builder().build());
  }

  @Test
  void equality() {
    new EqualsTester()
        .addEqualityGroup(ChainParams.regtest(), ChainParams.regtest().toBuilder().build())
        .addEqualityGroup(ChainParams.devnet())
        .addEqualityGroup(ChainParams.testnet())
        .addEqualityGroup(ChainParams.regtest().toBuilder().defaultPort(1).build())
        .testEquals();
  }
}
