package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;

import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.crypto.BatchResult;
import io.elo.crypto.BatchVerifier;
import io.elo.crypto.PublicKey;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureCache;
import io.elo.crypto.SignatureScheme;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.SigningMessage;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Validates transactions: the context-free checks of stage 1 and the contextual checks of stage 3
 * (inputs exist and are unspent, maturity, finality, amounts, key ownership and signatures).
 *
 * <p>The mempool calls {@link #validate} for a loose transaction; the chain state uses the same
 * rules for every transaction of a block. The expensive per-input work fans out to the injected
 * executor through {@link BatchVerifier}: stage 1 decodes (fully validates) each input's public key
 * once, through the node's {@link PublicKeyCache}, and the decoded keys are carried to the
 * signature checks; the signatures go through the node's {@link SignatureCache}, looked up by the
 * encoded key first, so a transaction verified on mempool entry is not verified again when its
 * block is connected. The calling (writer) thread does only the cheap checks, UTXO lookups and
 * hashing. Thread-safe.
 */
public final class TransactionValidator {
  private final ChainParams params;
  private final Executor executor;
  private final SignatureCache signatureCache;
  private final PublicKeyCache keyCache;
  private final ContextFreeChecks contextFree;

  private TransactionValidator(
      ChainParams params, Executor executor, SignatureCache cache, PublicKeyCache keyCache) {
    this.params = requireNonNull(params, "params");
    this.executor = requireNonNull(executor, "executor");
    this.signatureCache = requireNonNull(cache, "signatureCache");
    this.keyCache = requireNonNull(keyCache, "keyCache");
    this.contextFree = new ContextFreeChecks(params, executor, keyCache);
  }

  /**
   * Returns a validator for {@code params}, verifying signatures on {@code executor} through
   * {@code signatureCache} and decoding keys through {@code keyCache}: both belong to one node
   * (its chain state and mempool), never to several.
   */
  public static TransactionValidator create(
      ChainParams params,
      Executor executor,
      SignatureCache signatureCache,
      PublicKeyCache keyCache) {
    return new TransactionValidator(params, executor, signatureCache, keyCache);
  }

  /**
   * Returns a validator as {@link #create(ChainParams, Executor, SignatureCache, PublicKeyCache)}
   * does, with a key cache of its own of {@link PublicKeyCache#DEFAULT_MAX_ENTRIES} keys.
   */
  public static TransactionValidator create(
      ChainParams params, Executor executor, SignatureCache signatureCache) {
    return create(
        params, executor, signatureCache, new PublicKeyCache(PublicKeyCache.DEFAULT_MAX_ENTRIES));
  }

  /** The cache of decoded public keys this validator decodes through. */
  public PublicKeyCache keyCache() {
    return keyCache;
  }

  /** The chain parameters this validator applies. */
  public ChainParams params() {
    return params;
  }

  /**
   * Validates a loose (non-coinbase) transaction for inclusion in a block at {@code height} over
   * {@code view}: every context-free and contextual rule, signatures included.
   *
   * @param tx the transaction
   * @param view the unspent outputs it may spend
   * @param height the height of the block that would include it (tip height + 1)
   * @return the result, with the fee when valid
   * @throws StoreException if {@code view} cannot be read
   */
  public TxValidationResult validate(Transaction tx, UtxoView view, Height height)
      throws StoreException {
    if (tx.isCoinbase()) {
      return TxValidationResult.invalid(
          ValidationResult.reject(InvalidReason.UNEXPECTED_COINBASE, tx.txid().toHex()));
    }
    List<Transaction> txs = List.of(tx);
    ContextFree contextFree = checkContextFree(txs);
    if (!contextFree.result().isAccept()) {
      return TxValidationResult.invalid(contextFree.result());
    }
    CheckedInputs inputs = checkInputs(tx, view, height, Set.of(), contextFree.keys().of(0, tx));
    if (!inputs.result().isAccept()) {
      return TxValidationResult.invalid(inputs.result());
    }
    ValidationResult signatures = verifySignatures(inputs.checks(), txs);
    return signatures.isAccept()
        ? TxValidationResult.valid(inputs.fee())
        : TxValidationResult.invalid(signatures);
  }

  /**
   * Runs the context-free checks of one transaction: outputs sum to at most the money supply, no
   * out-point spent twice, and every input has an allowed scheme, a decodable key and a signature.
   */
  public ValidationResult checkContextFree(Transaction tx) {
    return checkContextFree(List.of(tx)).result();
  }

  /**
   * Runs the context-free checks except public-key decoding, which costs about as much as a
   * signature verification: outputs sum to at most the money supply, no out-point spent twice,
   * every input has a key and a signature under an allowed scheme.
   */
  public ValidationResult checkStructure(Transaction tx) {
    return contextFree.checkStructure(tx);
  }

  /**
   * Runs every rule of {@link #validate} except decoding public keys and verifying signatures, the
   * two costly steps: a caller such as the mempool applies its cheap policy checks (fee rate)
   * before paying for {@link #verifySignatures(CheckedTransaction)}. Missing and spent inputs are
   * reported as in {@link #validate}.
   *
   * @param tx the transaction
   * @param view the unspent outputs it may spend
   * @param height the height of the block that would include it (tip height + 1)
   * @return the outcome, with the fee and the spent coins when it accepts
   * @throws StoreException if {@code view} cannot be read
   */
  public CheckedTransaction checkWithoutSignatures(Transaction tx, UtxoView view, Height height)
      throws StoreException {
    if (tx.isCoinbase()) {
      return CheckedTransaction.failed(
          tx, ValidationResult.reject(InvalidReason.UNEXPECTED_COINBASE, tx.txid().toHex()));
    }
    ValidationResult structure = checkStructure(tx);
    if (!structure.isAccept()) {
      return CheckedTransaction.failed(tx, structure);
    }
    CheckedInputs inputs = checkInputs(tx, view, height, Set.of(), null);
    return inputs.result().isAccept()
        ? new CheckedTransaction(tx, inputs.result(), inputs.fee(), inputs.spent())
        : CheckedTransaction.failed(tx, inputs.result());
  }

  /**
   * Finishes a transaction that passed {@link #checkWithoutSignatures}: each input goes to the
   * signature cache first (by encoded key, so a cached signature costs no decode), else its key is
   * decoded and its signature verified, in parallel on the executor. {@link
   * InvalidReason#BAD_PUBLIC_KEY} or {@link InvalidReason#BAD_SIGNATURE} for the lowest failing
   * input.
   *
   * @throws IllegalArgumentException if {@code checked} did not pass
   */
  public ValidationResult verifySignatures(CheckedTransaction checked) {
    checkArgument(checked.isValid(), "verify only a transaction that passed: %s", checked);
    Transaction tx = checked.transaction();
    List<Amount> amounts = new ArrayList<>(checked.spentCoins().size());
    for (Coin coin : checked.spentCoins()) {
      amounts.add(coin.amount());
    }
    List<byte[]> messages = SigningMessage.ofAll(params.genesisHash(), tx, amounts);
    List<InputCheck> checks = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      TxInput input = tx.inputs().get(i);
      // checkStructure accepted, so the scheme is allowed.
      SignatureScheme scheme = allowedScheme(input.schemeId()).orElseThrow();
      checks.add(new InputCheck(scheme, input.publicKey(), null, messages.get(i), input.signature()));
    }
    return verifySignatures(checks, List.of(tx));
  }

  /**
   * Stage 1 for {@code txs} in order, with the result {@link #checkContextFree(Transaction)} would
   * give for the first transaction that fails; the decoded keys come back for stage 3 when it
   * accepts (see {@link ContextFreeChecks}).
   */
  ContextFree checkContextFree(List<Transaction> txs) {
    return contextFree.check(txs);
  }

  /**
   * Begins stage 1 for {@code txs}: the cheap checks run here, the key decodes go on running on the
   * executor while the caller does other work, until it joins.
   */
  ContextFreeChecks.Pending startContextFree(List<Transaction> txs) {
    return contextFree.start(txs);
  }

  /**
   * Checks the inputs of non-coinbase {@code tx} (which passed {@link #checkContextFree}) against
   * {@code view} for a block at {@code height}, and collects its signature checks without running
   * them. {@code spentInBlock} names out-points spent by earlier transactions of the same block.
   * {@code keys} are the inputs' keys if stage 1 of this validation decoded them, else {@code
   * null}: the checks then carry encoded keys, decoded only if the signature is not cached.
   */
  CheckedInputs checkInputs(
      Transaction tx, UtxoView view, Height height, Set<OutPoint> spentInBlock, PublicKey[] keys)
      throws StoreException {
    if (tx.lockTime().value() != 0 && height.value() <= tx.lockTime().value()) {
      return CheckedInputs.failed(
          ValidationResult.reject(
              InvalidReason.NON_FINAL,
              tx.txid().toHex() + " locked until above " + tx.lockTime() + ", height " + height));
    }
    List<Coin> spent = new ArrayList<>(tx.inputs().size());
    List<Amount> amounts = new ArrayList<>(tx.inputs().size());
    long totalIn = 0;
    for (int i = 0; i < tx.inputs().size(); i++) {
      TxInput input = tx.inputs().get(i);
      OutPoint outPoint = input.outPoint();
      Optional<Coin> found = view.coin(outPoint);
      if (found.isEmpty()) {
        InvalidReason reason =
            spentInBlock.contains(outPoint)
                ? InvalidReason.DOUBLE_SPEND_IN_BLOCK
                : view.recentlySpent(outPoint)
                    ? InvalidReason.INPUT_SPENT
                    : InvalidReason.MISSING_INPUT;
        return CheckedInputs.failed(ValidationResult.reject(reason, where(tx, i)));
      }
      Coin coin = found.get();
      if (coin.coinbase() && height.value() - coin.height().value() < params.coinbaseMaturity()) {
        return CheckedInputs.failed(
            ValidationResult.reject(
                InvalidReason.IMMATURE_COINBASE_SPEND,
                where(tx, i) + " created at " + coin.height() + ", spent at " + height));
      }
      Address owner = Address.fromEncodedPublicKey(input.schemeId(), input.publicKey());
      if (!owner.equals(coin.address())) {
        return CheckedInputs.failed(
            ValidationResult.reject(InvalidReason.KEY_MISMATCH, where(tx, i)));
      }
      totalIn += coin.amount().atoms();
      if (totalIn > Amount.MAX_MONEY_ATOMS) {
        return CheckedInputs.failed(
            ValidationResult.reject(InvalidReason.INPUTS_OVERFLOW, tx.txid().toHex()));
      }
      spent.add(coin);
      amounts.add(coin.amount());
    }
    long totalOut = 0;
    for (TxOutput output : tx.outputs()) {
      totalOut += output.amount().atoms();
    }
    if (totalOut > totalIn) {
      return CheckedInputs.failed(
          ValidationResult.reject(
              InvalidReason.INSUFFICIENT_INPUTS,
              tx.txid().toHex() + " pays " + totalOut + " from " + totalIn));
    }
    List<byte[]> messages = SigningMessage.ofAll(params.genesisHash(), tx, amounts);
    List<InputCheck> checks = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      TxInput input = tx.inputs().get(i);
      // Context-free checks passed, so the scheme is allowed.
      SignatureScheme scheme = allowedScheme(input.schemeId()).orElseThrow();
      PublicKey key = keys == null ? null : keys[i];
      checks.add(
          new InputCheck(scheme, input.publicKey(), key, messages.get(i), input.signature()));
    }
    return new CheckedInputs(
        ValidationResult.accept(), Amount.ofAtoms(totalIn - totalOut), spent, checks);
  }

  /**
   * Verifies {@code checks} in one batch on the executor: each goes to the signature cache first,
   * so a cached signature costs neither a key decode nor a verification. They are the checks of
   * {@code txs} in order, one per input, so a failed check's transaction is found by counting
   * inputs; the lowest failed index is reported, as {@code BAD_PUBLIC_KEY} if its key did not
   * decode, else {@code BAD_SIGNATURE}.
   */
  ValidationResult verifySignatures(List<InputCheck> checks, List<Transaction> txs) {
    InputCheck.Outcome[] outcomes = new InputCheck.Outcome[checks.size()];
    BatchResult result =
        BatchVerifier.checkAll(
            checks.size(),
            i -> (outcomes[i] = checks.get(i).run(signatureCache, keyCache)) == InputCheck.Outcome.VALID,
            executor);
    if (result.allValid()) {
      return ValidationResult.accept();
    }
    int failed = result.failedIndices().get(0);
    InvalidReason reason =
        outcomes[failed] == InputCheck.Outcome.BAD_PUBLIC_KEY
            ? InvalidReason.BAD_PUBLIC_KEY
            : InvalidReason.BAD_SIGNATURE; // also a check that threw
    int offset = 0;
    for (Transaction tx : txs) {
      int inputs = tx.isCoinbase() ? 0 : tx.inputs().size();
      if (failed < offset + inputs) {
        return ValidationResult.reject(reason, tx.txid().toHex() + " input " + (failed - offset));
      }
      offset += inputs;
    }
    return ValidationResult.reject(reason, "check " + failed);
  }

  /** Names input {@code i} of {@code tx} in a rejection; built only on failure (it is costly). */
  private static String where(Transaction tx, int i) {
    return tx.txid().toHex() + " input " + i + " (" + tx.inputs().get(i).outPoint() + ")";
  }

  private Optional<SignatureScheme> allowedScheme(byte id) {
    return ContextFreeChecks.allowedScheme(params, id);
  }

  /** What {@link #checkInputs} found: a result, and when it accepts the fee, coins and checks. */
  record CheckedInputs(
      ValidationResult result, Amount fee, List<Coin> spent, List<InputCheck> checks) {
    static CheckedInputs failed(ValidationResult result) {
      return new CheckedInputs(result, Amount.ZERO, List.of(), List.of());
    }
  }

  /** What stage 1 found for a list of transactions: the result, and if it accepts their keys. */
  record ContextFree(ValidationResult result, InputKeys keys) {}
}
