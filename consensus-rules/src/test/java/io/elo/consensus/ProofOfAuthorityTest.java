package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofOfAuthorityTest {
  private static final long SPACING = 2;
  private final SecureRandom random = new SecureRandom(new byte[] {7});
  private final List<KeyPair> keys =
      List.of(
          SignatureSchemes.ED25519.generateKeyPair(random),
          SignatureSchemes.SECP256K1.generateKeyPair(random),
          SignatureSchemes.ED25519.generateKeyPair(random));
  private final ChainParams params =
      ChainParams.proofOfAuthority(
          keys.stream().map(KeyPair::publicKey).toList(), Duration.ofSeconds(SPACING));
  private final ProofOfAuthority poa = ProofOfAuthority.of(params);
  private final ListHeaderChain genesis = ListHeaderChain.genesis(params);

  private BlockHeader unsealed(HeaderChain parent, int bits) {
    return BlockHeader.of(
        1, parent.hash(), Hash.sha256d(new byte[] {1}), parent.header().timestamp() + SPACING,
        bits, 0);
  }

  private BlockHeader sealedBy(HeaderChain parent, KeyPair key) {
    Height height = parent.height().next();
    return poa.seal(unsealed(parent, poa.bitsFor(key.publicKey(), height)), key.privateKey());
  }

  private RuleViolation violation(RuleResult result) {
    return assertInstanceOf(RuleResult.Invalid.class, result).violation();
  }

  @Test
  void forParams_returnsProofOfAuthority() {
    ConsensusRules rules = ConsensusRules.forParams(params);
    assertEquals(ConsensusKind.PROOF_OF_AUTHORITY, rules.kind());
    assertEquals(ProofOfAuthority.IN_TURN_BITS, rules.nextBits(genesis));
  }

  @Test
  void turn_rotatesThroughAuthorities() {
    assertTrue(poa.isInTurn(keys.get(1).publicKey(), Height.of(1)));
    assertTrue(poa.isInTurn(keys.get(2).publicKey(), Height.of(2)));
    assertTrue(poa.isInTurn(keys.get(0).publicKey(), Height.of(3)));
    assertFalse(poa.isInTurn(keys.get(0).publicKey(), Height.of(1)));
  }

  @Test
  void inTurnSeal_isValidAndWeighsTwo() {
    BlockHeader header = sealedBy(genesis, keys.get(1));
    assertEquals(RuleResult.valid(), poa.checkHeader(header, genesis));
    assertEquals(ChainWork.ofLong(2), poa.weight(header));
    assertEquals(keys.get(1).publicKey(), poa.signerOf(header).orElseThrow());
  }

  @Test
  void outOfTurnSeal_isValidAndWeighsOne() {
    BlockHeader header = sealedBy(genesis, keys.get(0));
    assertEquals(ProofOfAuthority.OUT_OF_TURN_BITS, header.bits());
    assertTrue(poa.checkHeader(header, genesis).isValid());
    assertEquals(ChainWork.ofLong(1), poa.weight(header));
  }

  @Test
  void wrongBitsForTurn_rejected() {
    BlockHeader inTurnClaimingOne =
        poa.seal(unsealed(genesis, ProofOfAuthority.OUT_OF_TURN_BITS), keys.get(1).privateKey());
    RuleResult result = poa.checkHeader(inTurnClaimingOne, genesis);
    assertEquals(RuleViolation.WRONG_SEAL_WEIGHT, violation(result));
    assertTrue(result.penalize());
    BlockHeader outOfTurnClaimingTwo =
        poa.seal(unsealed(genesis, ProofOfAuthority.IN_TURN_BITS), keys.get(0).privateKey());
    assertEquals(RuleViolation.WRONG_SEAL_WEIGHT, violation(poa.checkHeader(outOfTurnClaimingTwo, genesis)));
  }

  @Test
  void tamperedHeader_failsTheSeal() {
    BlockHeader header = sealedBy(genesis, keys.get(1));
    BlockHeader tampered = header.withMerkleRoot(Hash.sha256d(new byte[] {2}));
    assertEquals(RuleViolation.BAD_SEAL_SIGNATURE, violation(poa.checkHeader(tampered, genesis)));
  }

  @Test
  void unauthorisedKey_rejected() {
    KeyPair outsider = SignatureSchemes.ED25519.generateKeyPair(random);
    assertThrows(
        IllegalArgumentException.class,
        () -> poa.seal(unsealed(genesis, 2), outsider.privateKey()));
    // An outsider claiming authority 1's slot fails the signature check.
    BlockHeader header = unsealed(genesis, ProofOfAuthority.IN_TURN_BITS);
    byte[] signature =
        outsider.privateKey().scheme().sign(
            outsider.privateKey(), ProofOfAuthority.sealingMessage(params.genesisHash(), header));
    byte[] seal = new byte[1 + signature.length];
    seal[0] = 1;
    System.arraycopy(signature, 0, seal, 1, signature.length);
    assertEquals(
        RuleViolation.BAD_SEAL_SIGNATURE, violation(poa.checkHeader(header.withSeal(seal), genesis)));
    // A seal naming a signer index beyond the authorities.
    seal[0] = 3;
    assertEquals(
        RuleViolation.UNAUTHORIZED_SIGNER,
        violation(poa.checkHeader(header.withSeal(seal), genesis)));
  }

  @Test
  void signerOverLimit_rejected() {
    // N = 3: a signer may seal one of every 2 consecutive blocks.
    BlockHeader first = sealedBy(genesis, keys.get(1));
    ListHeaderChain chain = genesis.extend(first);
    assertFalse(poa.maySeal(keys.get(1).publicKey(), chain));
    BlockHeader again = sealedBy(chain, keys.get(1));
    assertEquals(RuleViolation.SIGNER_OVER_LIMIT, violation(poa.checkHeader(again, chain)));
    chain = chain.extend(sealedBy(chain, keys.get(2)));
    assertTrue(poa.checkHeader(sealedBy(chain, keys.get(1)), chain).isValid());
  }

  @Test
  void malformedAndMissingSeals_rejected() {
    BlockHeader header = unsealed(genesis, ProofOfAuthority.IN_TURN_BITS);
    assertEquals(RuleViolation.MISSING_SEAL, violation(poa.checkHeader(header, genesis)));
    assertEquals(
        RuleViolation.MALFORMED_SEAL,
        violation(poa.checkHeader(header.withSeal(new byte[] {1}), genesis)));
    assertEquals(
        RuleViolation.MALFORMED_SEAL,
        violation(poa.checkHeader(header.withSeal(new byte[66]), genesis)));
  }

  @Test
  void earlyTimestamp_rejected() {
    BlockHeader early =
        poa.seal(
            unsealed(genesis, ProofOfAuthority.IN_TURN_BITS).withTimestamp(
                genesis.header().timestamp() + SPACING - 1),
            keys.get(1).privateKey());
    assertEquals(
        RuleViolation.TIMESTAMP_TOO_EARLY_FOR_POA, violation(poa.checkHeader(early, genesis)));
  }

  @Test
  void of_rejectsProofOfWorkParams() {
    assertThrows(IllegalArgumentException.class, () -> ProofOfAuthority.of(ChainParams.regtest()));
  }
}
