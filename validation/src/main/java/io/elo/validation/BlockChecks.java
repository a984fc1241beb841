package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusRules;
import io.elo.consensus.HeaderChain;
import io.elo.consensus.RuleResult;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.model.Transaction;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stages 1 and 2 of block validation: the context-free checks of a block, and the checks of a
 * header (and the coinbase height) against its parent chain and local time.
 */
final class BlockChecks {
  private final ChainParams params;
  private final ConsensusRules rules;
  private final TransactionValidator transactions;

  BlockChecks(ChainParams params, ConsensusRules rules, TransactionValidator transactions) {
    this.params = params;
    this.rules = rules;
    this.transactions = transactions;
  }

  /**
   * Begins stage 1: size, coinbase placement, Merkle root, unique txids and every transaction's
   * own well-formedness. Needs nothing but the block. The cheap checks run here; the key decodes go
   * on in parallel on the executor while the caller does other work, until it joins. When it
   * accepts, the decoded input keys come back for stage 3.
   */
  ContextFreeChecks.Pending startContextFree(Block block) {
    ValidationResult result = checkBlockShape(block);
    return result.isAccept()
        ? transactions.startContextFree(block.transactions())
        : ContextFreeChecks.Pending.failed(result);
  }

  private ValidationResult checkBlockShape(Block block) {
    String hash = block.hash().toHex();
    if (block.size() > params.maxBlockSize()) {
      return ValidationResult.reject(
          InvalidReason.BLOCK_TOO_LARGE, hash + ": " + block.size() + " bytes");
    }
    List<Transaction> txs = block.transactions();
    if (!txs.get(0).isCoinbase()) {
      return ValidationResult.reject(InvalidReason.FIRST_NOT_COINBASE, hash);
    }
    for (int i = 1; i < txs.size(); i++) {
      if (txs.get(i).isCoinbase()) {
        return ValidationResult.reject(
            InvalidReason.MULTIPLE_COINBASES, hash + ": coinbase at " + i);
      }
    }
    if (!Block.computeMerkleRoot(txs).equals(block.header().merkleRoot())) {
      return ValidationResult.reject(InvalidReason.BAD_MERKLE_ROOT, hash);
    }
    Set<Hash> txids = new HashSet<>();
    for (Transaction tx : txs) {
      if (!txids.add(tx.txid())) {
        return ValidationResult.reject(InvalidReason.DUPLICATE_TXID, hash + ": " + tx.txid());
      }
    }
    return ValidationResult.accept();
  }

  /**
   * Whether a block that failed stage 1 may be remembered as invalid by its hash. Only when its
   * Merkle root matches: then the hash commits to exactly these transactions, whereas a mutated
   * copy of a valid block (say, with a transaction dropped) must not blacklist the real one.
   */
  static boolean commitsToContent(Block block) {
    return Block.computeMerkleRoot(block.transactions()).equals(block.header().merkleRoot());
  }

  /**
   * Stage 2: {@code header} against its parent chain: timestamp above the median time past, not
   * beyond local time plus the allowed drift (IGNORE: it may become valid), then the consensus
   * rules (target and proof of work, or seal, signer and limits).
   */
  ValidationResult checkHeader(BlockHeader header, HeaderChain parent, Instant now) {
    String hash = header.hash().toHex();
    if (header.timestamp() <= parent.medianTimePast()) {
      return ValidationResult.reject(
          InvalidReason.TIME_TOO_OLD,
          hash + ": " + header.timestamp() + " <= median " + parent.medianTimePast());
    }
    long latest = now.plus(params.maxFutureDrift()).getEpochSecond();
    if (header.timestamp() > latest) {
      return ValidationResult.ignore(
          InvalidReason.TIME_TOO_NEW, hash + ": " + header.timestamp() + " > " + latest);
    }
    RuleResult rule = rules.checkHeader(header, parent);
    if (rule instanceof RuleResult.Invalid invalid) {
      return ValidationResult.reject(reasonOf(invalid), hash + ": " + invalid.message());
    }
    return ValidationResult.accept();
  }

  /** Stage 2 for the body: the coinbase commits to the block's height. */
  static ValidationResult checkCoinbaseHeight(Block block, int height) {
    Transaction coinbase = block.transactions().get(0);
    if (coinbase.coinbaseHeight().value() != height) {
      return ValidationResult.reject(
          InvalidReason.BAD_COINBASE_HEIGHT,
          block.hash().toHex() + ": coinbase says " + coinbase.coinbaseHeight() + ", is " + height);
    }
    return ValidationResult.accept();
  }

  /** Decodes a block from the network, answering with a reason instead of an exception. */
  static DecodedBlock decode(byte[] bytes) {
    try {
      return new DecodedBlock(Block.decode(bytes), ValidationResult.accept());
    } catch (DecodeException e) {
      InvalidReason reason =
          hasZeroTransactionCount(bytes)
              ? InvalidReason.NO_TRANSACTIONS
              : InvalidReason.MALFORMED_ENCODING;
      return new DecodedBlock(null, ValidationResult.reject(reason, e.getMessage()));
    }
  }

  /** Whether the bytes are a header followed by a transaction count of zero and nothing else. */
  private static boolean hasZeroTransactionCount(byte[] bytes) {
    int at = BlockHeader.FIXED_LENGTH;
    if (bytes.length <= at) {
      return false;
    }
    int sealLength = bytes[at] & 0xff;
    int varintLength = 1;
    if ((sealLength & 0x80) != 0) {
      if (bytes.length <= at + 1) {
        return false;
      }
      sealLength = (sealLength & 0x7f) | ((bytes[at + 1] & 0xff) << 7);
      varintLength = 2;
    }
    int countAt = at + varintLength + sealLength;
    if (countAt != bytes.length - 1 || bytes[countAt] != 0) {
      return false;
    }
    try {
      BlockHeader.decode(Arrays.copyOf(bytes, countAt));
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }

  private static InvalidReason reasonOf(RuleResult.Invalid invalid) {
    return switch (invalid.violation()) {
      case BAD_PROOF_OF_WORK -> InvalidReason.BAD_PROOF_OF_WORK;
      case WRONG_TARGET -> InvalidReason.WRONG_TARGET;
      case MISSING_SEAL -> InvalidReason.MISSING_SEAL;
      case UNEXPECTED_SEAL -> InvalidReason.UNEXPECTED_SEAL;
      case MALFORMED_SEAL -> InvalidReason.MALFORMED_SEAL;
      case BAD_SEAL_SIGNATURE -> InvalidReason.BAD_SEAL;
      case UNAUTHORIZED_SIGNER -> InvalidReason.UNAUTHORIZED_SIGNER;
      case SIGNER_OVER_LIMIT -> InvalidReason.SIGNER_OVER_LIMIT;
      case WRONG_SEAL_WEIGHT -> InvalidReason.WRONG_SEAL_WEIGHT;
      case TIMESTAMP_TOO_EARLY_FOR_POA -> InvalidReason.POA_TIME_TOO_EARLY;
    };
  }

  /** A decoded block, or the reason it did not decode. */
  record DecodedBlock(Block block, ValidationResult result) {}
}
