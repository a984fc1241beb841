package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusKind;
import io.elo.consensus.ProofOfAuthority;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ConsortiumChainExampleTest {
  @Test
  void run_threeSignersSealInTurn_andConverge() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ConsortiumChainExample.Outcome outcome =
        ConsortiumChainExample.run(
            6, Duration.ofMinutes(1), new PrintStream(printed, true, StandardCharsets.UTF_8));
    String log = printed.toString(StandardCharsets.UTF_8);

    assertEquals(1, Set.copyOf(outcome.tips()).size(), "one tip on all three nodes: " + log);
    List<BlockHeader> headers = outcome.headers();
    assertTrue(headers.size() >= 6, log);
    ProofOfAuthority rules = ProofOfAuthority.of(outcome.params());
    Set<Object> signers = new HashSet<>();
    long previous = outcome.params().genesis().header().timestamp();
    for (int i = 0; i < headers.size(); i++) {
      BlockHeader header = headers.get(i);
      Height height = Height.of(i + 1);
      Object signer = rules.signerOf(header).orElseThrow();
      signers.add(signer);
      assertEquals(rules.inTurnSigner(height), signer, "in-turn signer at " + height + ": " + log);
      assertEquals(ProofOfAuthority.IN_TURN_BITS, header.bits());
      assertTrue(header.timestamp() >= previous + 1, "one spacing after the parent");
      previous = header.timestamp();
    }
    assertEquals(3, signers.size(), "every authority sealed");
    assertTrue(log.contains("height 1 sealed by signer 1 in turn"), log);
  }

  @Test
  void params_describeTheConsortiumChain() {
    SecureRandom random = new SecureRandom();
    var keys =
        List.of(
            SignatureSchemes.ED25519.generateKeyPair(random).publicKey(),
            SignatureSchemes.ED25519.generateKeyPair(random).publicKey(),
            SignatureSchemes.ED25519.generateKeyPair(random).publicKey());
    Instant launch = Instant.parse("2026-01-01T00:00:00Z");
    ChainParams params = ConsortiumChainExample.params(keys, launch);
    assertEquals("elo-consortium", params.name());
    assertEquals(ConsortiumChainExample.NETWORK_ID, params.networkId());
    assertEquals(ConsensusKind.PROOF_OF_AUTHORITY, params.consensusKind());
    assertEquals(keys, params.authorities());
    assertEquals(launch, params.genesis().header().time());
    assertEquals(Duration.ofSeconds(1), params.targetSpacing());
    assertEquals(params.genesisHash(), ConsortiumChainExample.params(keys, launch).genesisHash());
    assertTrue(
        !params
            .genesisHash()
            .equals(ChainParams.proofOfAuthority(keys, Duration.ofSeconds(1)).genesisHash()),
        "its own genesis, not the predefined devnet-poa one");
    assertThrows(
        IllegalArgumentException.class, () -> ConsortiumChainExample.params(List.of(), launch));
  }
}
