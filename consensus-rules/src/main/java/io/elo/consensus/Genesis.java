package io.elo.consensus;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Derives a chain's genesis block from its parameters, deterministically.
 *
 * <p>One coinbase at height 0 with extra data {@code "Elo genesis: " + name} (ASCII) paying the
 * initial subsidy to {@link #UNSPENDABLE} (the all-zero public-key hash, which no key hashes to);
 * header version 1, previous hash zero, the coinbase's Merkle root, the genesis time, bits = the
 * pow-limit compact for proof of work or {@link ProofOfAuthority#IN_TURN_BITS} for proof of
 * authority, nonce 0 and no seal. The genesis block is trusted, so it needs no proof of work.
 */
final class Genesis {
  /** 2025-01-01T00:00:00Z. */
  static final Instant DEFAULT_TIME = Instant.ofEpochSecond(1_735_689_600L);

  /** The all-zero public-key hash: nobody can spend what it receives. */
  static final Address UNSPENDABLE = Address.of(Hash.ZERO);

  private Genesis() {}

  static Block derive(ChainParams.Builder params) {
    byte[] extra = ("Elo genesis: " + params.name()).getBytes(StandardCharsets.US_ASCII);
    Transaction coinbase =
        Transaction.coinbase(
            Height.ZERO, extra, List.of(TxOutput.of(params.initialSubsidy(), UNSPENDABLE)));
    int bits =
        params.consensusKind() == ConsensusKind.PROOF_OF_WORK
            ? params.powLimit().toCompact()
            : ProofOfAuthority.IN_TURN_BITS;
    BlockHeader header =
        BlockHeader.of(
            1,
            Hash.ZERO,
            Block.computeMerkleRoot(List.of(coinbase)),
            params.genesisTime().getEpochSecond(),
            bits,
            0);
    return Block.of(header, List.of(coinbase));
  }
}
