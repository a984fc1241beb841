package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.crypto.BatchResult;
import io.elo.crypto.BatchVerifier;
import io.elo.crypto.PendingBatch;
import io.elo.crypto.PublicKey;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureScheme;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Stage 1 of transaction validation, the context-free checks of a list of transactions (a block's,
 * or one loose transaction): outputs sum to at most the money supply, no out-point spent twice,
 * and every input has a witness, an allowed scheme and a key that decodes. The cheap checks run on
 * the calling thread; the key decodes (each about one verification unless the node's key cache
 * has the key) run in parallel on the executor, either right away ({@link #check}) or while the
 * caller does other work ({@link #start}).
 *
 * <p>The reported failure is the first in transaction order, and within a transaction in the order
 * outputs, duplicate inputs, then per input: witness, scheme, key. Keys are decoded up to the first
 * cheap failure only, since a bad key before it would be reported first. When every check passes,
 * the decoded keys come back for stage 3.
 */
final class ContextFreeChecks {
  private final ChainParams params;
  private final Executor executor;
  private final PublicKeyCache keyCache;

  ContextFreeChecks(ChainParams params, Executor executor, PublicKeyCache keyCache) {
    this.params = params;
    this.executor = executor;
    this.keyCache = keyCache;
  }

  /** Stage 1 for {@code txs}, keys decoded in parallel with the caller's help. */
  TransactionValidator.ContextFree check(List<Transaction> txs) {
    Cheap cheap = cheap(txs);
    return cheap.finish(
        BatchVerifier.checkAll(cheap.toDecode.size(), cheap::decode, executor));
  }

  /**
   * Runs the cheap checks of {@code txs} and starts decoding their keys on the executor; the
   * caller is free until {@link Pending#join}.
   */
  Pending start(List<Transaction> txs) {
    Cheap cheap = cheap(txs);
    return new Pending(
        cheap, BatchVerifier.start(cheap.toDecode.size(), cheap::decode, executor));
  }

  /** Every cheap check of one transaction, none of its keys decoded. */
  ValidationResult checkStructure(Transaction tx) {
    return checkCheap(tx, 0, new ArrayList<>());
  }

  /** The allowed scheme with {@code id}, if the chain allows one. */
  static Optional<SignatureScheme> allowedScheme(ChainParams params, byte id) {
    for (SignatureScheme scheme : params.allowedSchemes()) {
      if (scheme.id() == id) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }

  private Cheap cheap(List<Transaction> txs) {
    PublicKey[][] keys = new PublicKey[txs.size()][];
    List<KeyToDecode> toDecode = new ArrayList<>();
    ValidationResult firstCheap = ValidationResult.accept();
    for (int position = 0; position < txs.size() && firstCheap.isAccept(); position++) {
      Transaction tx = txs.get(position);
      keys[position] = new PublicKey[tx.inputs().size()];
      firstCheap = checkCheap(tx, position, toDecode);
    }
    return new Cheap(txs, keys, toDecode, firstCheap);
  }

  /**
   * The cheap context-free checks of one transaction; adds the keys to decode, in input order, up
   * to the first failure (the keys before it would take precedence if bad).
   */
  private ValidationResult checkCheap(Transaction tx, int position, List<KeyToDecode> toDecode) {
    long total = 0;
    for (TxOutput output : tx.outputs()) {
      total += output.amount().atoms(); // each is <= MAX_MONEY, so the sum cannot wrap a long
      if (total > Amount.MAX_MONEY_ATOMS) {
        return ValidationResult.reject(InvalidReason.OUTPUTS_OVERFLOW, tx.txid().toHex());
      }
    }
    if (tx.isCoinbase()) {
      return ValidationResult.accept();
    }
    Set<OutPoint> seen = new HashSet<>();
    for (TxInput input : tx.inputs()) {
      if (!seen.add(input.outPoint())) {
        return ValidationResult.reject(
            InvalidReason.DUPLICATE_INPUT, tx.txid().toHex() + " spends " + input.outPoint());
      }
    }
    for (int i = 0; i < tx.inputs().size(); i++) {
      TxInput input = tx.inputs().get(i);
      if (input.publicKey().length == 0 || input.signature().length == 0) {
        return ValidationResult.reject(
            InvalidReason.MISSING_WITNESS, tx.txid().toHex() + " input " + i);
      }
      Optional<SignatureScheme> scheme = allowedScheme(params, input.schemeId());
      if (scheme.isEmpty()) {
        return ValidationResult.reject(
            InvalidReason.UNKNOWN_SCHEME,
            tx.txid().toHex() + " input " + i + " scheme " + (input.schemeId() & 0xff));
      }
      toDecode.add(new KeyToDecode(position, i, scheme.get(), input.publicKey()));
    }
    return ValidationResult.accept();
  }

  /** Stage 1 with its key decodes running: {@link #join} waits for them and gives the result. */
  static final class Pending {
    private final Cheap cheap; // null when failed before any key was to decode
    private final PendingBatch decodes;
    private final ValidationResult failure;

    private Pending(Cheap cheap, PendingBatch decodes) {
      this.cheap = cheap;
      this.decodes = decodes;
      this.failure = null;
    }

    private Pending(ValidationResult failure) {
      this.cheap = null;
      this.decodes = null;
      this.failure = failure;
    }

    /** Stage 1 that already failed with {@code failure}, no key decoded. */
    static Pending failed(ValidationResult failure) {
      return new Pending(failure);
    }

    /** Whether every cheap check passed, so only a bad key can still fail stage 1. */
    boolean cheapAccepted() {
      return cheap != null && cheap.firstCheap.isAccept();
    }

    /** Helps the executor finish the decodes, then gives stage 1's result. */
    TransactionValidator.ContextFree join() {
      return cheap == null
          ? new TransactionValidator.ContextFree(failure, null)
          : cheap.finish(decodes.join());
    }
  }

  /** The cheap checks' outcome and the keys they leave to decode, into {@code keys}. */
  private final class Cheap {
    final List<Transaction> txs;
    final PublicKey[][] keys;
    final List<KeyToDecode> toDecode;
    final ValidationResult firstCheap;

    Cheap(
        List<Transaction> txs,
        PublicKey[][] keys,
        List<KeyToDecode> toDecode,
        ValidationResult firstCheap) {
      this.txs = txs;
      this.keys = keys;
      this.toDecode = toDecode;
      this.firstCheap = firstCheap;
    }

    /** Decodes key {@code index} of {@link #toDecode} into {@link #keys}: whether it is valid. */
    boolean decode(int index) {
      KeyToDecode key = toDecode.get(index);
      try {
        keys[key.position()][key.input()] = keyCache.decode(key.scheme(), key.encoded());
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    TransactionValidator.ContextFree finish(BatchResult decoded) {
      if (!decoded.allValid()) {
        KeyToDecode bad = toDecode.get(decoded.failedIndices().get(0));
        return new TransactionValidator.ContextFree(
            ValidationResult.reject(
                InvalidReason.BAD_PUBLIC_KEY,
                txs.get(bad.position()).txid().toHex() + " input " + bad.input()),
            null);
      }
      return firstCheap.isAccept()
          ? new TransactionValidator.ContextFree(firstCheap, InputKeys.of(txs, keys))
          : new TransactionValidator.ContextFree(firstCheap, null);
    }
  }

  /** One input's key for stage 1 to decode, and where the decoded key goes. */
  private record KeyToDecode(int position, int input, SignatureScheme scheme, byte[] encoded) {}
}
