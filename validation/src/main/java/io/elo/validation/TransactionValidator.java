package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.crypto.BatchResult;
import io.elo.crypto.BatchVerifier;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureCache;
import io.elo.crypto.SignatureCheck;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Validates transactions: the context-free checks of stage 1 and the contextual checks of stage 3
 * (inputs exist and are unspent, maturity, finality, amounts, key ownership and signatures).
 *
 * <p>The mempool calls {@link #validate} for a loose transaction; the chain state uses the same
 * rules for every transaction of a block. Signatures fan out to the injected executor through
 * {@link BatchVerifier} and go through the shared {@link SignatureCache}, so a transaction verified
 * on mempool entry is not verified again when its block arrives. Thread-safe.
 */
public final class TransactionValidator {
  private final ChainParams params;
  private final Executor executor;
  private final SignatureCache signatureCache;

  private TransactionValidator(ChainParams params, Executor executor, SignatureCache cache) {
    this.params = requireNonNull(params, "params");
    this.executor = requireNonNull(executor, "executor");
    this.signatureCache = requireNonNull(cache, "signatureCache");
  }

  /** Returns a validator for {@code params}, verifying signatures on {@code executor}. */
  public static TransactionValidator create(
      ChainParams params, Executor executor, SignatureCache signatureCache) {
    return new TransactionValidator(params, executor, signatureCache);
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
    ValidationResult contextFree = checkContextFree(tx);
    if (!contextFree.isAccept()) {
      return TxValidationResult.invalid(contextFree);
    }
    CheckedInputs inputs = checkInputs(tx, view, height, Set.of());
    if (!inputs.result().isAccept()) {
      return TxValidationResult.invalid(inputs.result());
    }
    ValidationResult signatures = verifySignatures(inputs.checks(), List.of(tx));
    return signatures.isAccept()
        ? TxValidationResult.valid(inputs.fee())
        : TxValidationResult.invalid(signatures);
  }

  /**
   * Runs the context-free checks of one transaction: outputs sum to at most the money supply, no
   * out-point spent twice, and every input has an allowed scheme, a decodable key and a signature.
   */
  public ValidationResult checkContextFree(Transaction tx) {
    ValidationResult structure = checkStructure(tx);
    if (!structure.isAccept() || tx.isCoinbase()) {
      return structure;
    }
    for (int i = 0; i < tx.inputs().size(); i++) {
      TxInput input = tx.inputs().get(i);
      // checkStructure accepted, so the scheme is allowed.
      if (decodeKey(allowedScheme(input.schemeId()).orElseThrow(), input).isEmpty()) {
        return ValidationResult.reject(
            InvalidReason.BAD_PUBLIC_KEY, tx.txid().toHex() + " input " + i);
      }
    }
    return ValidationResult.accept();
  }

  /**
   * Runs the context-free checks except public-key decoding, which costs about as much as a
   * signature verification: outputs sum to at most the money supply, no out-point spent twice,
   * every input has a key and a signature under an allowed scheme.
   */
  public ValidationResult checkStructure(Transaction tx) {
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
      String where = tx.txid().toHex() + " input " + i;
      if (input.publicKey().length == 0 || input.signature().length == 0) {
        return ValidationResult.reject(InvalidReason.MISSING_WITNESS, where);
      }
      if (allowedScheme(input.schemeId()).isEmpty()) {
        return ValidationResult.reject(
            InvalidReason.UNKNOWN_SCHEME, where + " scheme " + (input.schemeId() & 0xff));
      }
    }
    return ValidationResult.accept();
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
    CheckedInputs inputs = checkSpends(tx, view, height, Set.of());
    return inputs.result().isAccept()
        ? new CheckedTransaction(tx, inputs.result(), inputs.fee(), inputs.spent())
        : CheckedTransaction.failed(tx, inputs.result());
  }

  /**
   * Decodes the public keys of a transaction that passed {@link #checkWithoutSignatures} and
   * verifies its signatures through the signature cache: {@link InvalidReason#BAD_PUBLIC_KEY} or
   * {@link InvalidReason#BAD_SIGNATURE} on failure.
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
    List<SignatureCheck> checks = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      TxInput input = tx.inputs().get(i);
      Optional<PublicKey> key = decodeKey(allowedScheme(input.schemeId()).orElseThrow(), input);
      if (key.isEmpty()) {
        return ValidationResult.reject(
            InvalidReason.BAD_PUBLIC_KEY, tx.txid().toHex() + " input " + i);
      }
      checks.add(new SignatureCheck(key.get(), messages.get(i), input.signature()));
    }
    return verifySignatures(checks, List.of(tx));
  }

  /**
   * Checks the inputs of non-coinbase {@code tx} (which passed {@link #checkContextFree}) against
   * {@code view} for a block at {@code height}, and collects its signature checks without running
   * them. {@code spentInBlock} names out-points spent by earlier transactions of the same block.
   */
  CheckedInputs checkInputs(
      Transaction tx, UtxoView view, Height height, Set<OutPoint> spentInBlock)
      throws StoreException {
    CheckedInputs spends = checkSpends(tx, view, height, spentInBlock);
    if (!spends.result().isAccept()) {
      return spends;
    }
    List<Amount> amounts = new ArrayList<>(spends.spent().size());
    for (Coin coin : spends.spent()) {
      amounts.add(coin.amount());
    }
    List<byte[]> messages = SigningMessage.ofAll(params.genesisHash(), tx, amounts);
    List<SignatureCheck> checks = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      TxInput input = tx.inputs().get(i);
      // Context-free checks passed, so the scheme is allowed and the key decodes.
      PublicKey key = decodeKey(allowedScheme(input.schemeId()).orElseThrow(), input).orElseThrow();
      checks.add(new SignatureCheck(key, messages.get(i), input.signature()));
    }
    return new CheckedInputs(spends.result(), spends.fee(), spends.spent(), checks);
  }

  /** The input checks of {@link #checkInputs} without building the signature checks. */
  private CheckedInputs checkSpends(
      Transaction tx, UtxoView view, Height height, Set<OutPoint> spentInBlock)
      throws StoreException {
    if (tx.lockTime().value() != 0 && height.value() <= tx.lockTime().value()) {
      return CheckedInputs.failed(
          ValidationResult.reject(
              InvalidReason.NON_FINAL,
              tx.txid().toHex() + " locked until above " + tx.lockTime() + ", height " + height));
    }
    List<Coin> spent = new ArrayList<>(tx.inputs().size());
    long totalIn = 0;
    for (int i = 0; i < tx.inputs().size(); i++) {
      TxInput input = tx.inputs().get(i);
      OutPoint outPoint = input.outPoint();
      String where = tx.txid().toHex() + " input " + i + " (" + outPoint + ")";
      Optional<Coin> found = view.coin(outPoint);
      if (found.isEmpty()) {
        InvalidReason reason =
            spentInBlock.contains(outPoint)
                ? InvalidReason.DOUBLE_SPEND_IN_BLOCK
                : view.recentlySpent(outPoint)
                    ? InvalidReason.INPUT_SPENT
                    : InvalidReason.MISSING_INPUT;
        return CheckedInputs.failed(ValidationResult.reject(reason, where));
      }
      Coin coin = found.get();
      if (coin.coinbase() && height.value() - coin.height().value() < params.coinbaseMaturity()) {
        return CheckedInputs.failed(
            ValidationResult.reject(
                InvalidReason.IMMATURE_COINBASE_SPEND,
                where + " created at " + coin.height() + ", spent at " + height));
      }
      Address owner = Address.fromEncodedPublicKey(input.schemeId(), input.publicKey());
      if (!owner.equals(coin.address())) {
        return CheckedInputs.failed(ValidationResult.reject(InvalidReason.KEY_MISMATCH, where));
      }
      totalIn += coin.amount().atoms();
      if (totalIn > Amount.MAX_MONEY_ATOMS) {
        return CheckedInputs.failed(
            ValidationResult.reject(InvalidReason.INPUTS_OVERFLOW, tx.txid().toHex()));
      }
      spent.add(coin);
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
    return new CheckedInputs(
        ValidationResult.accept(), Amount.ofAtoms(totalIn - totalOut), spent, List.of());
  }

  /**
   * Verifies {@code checks} in one batch. They are the signature checks of {@code txs} in order,
   * one per input, so a failed check's transaction is found by counting inputs.
   */
  ValidationResult verifySignatures(List<SignatureCheck> checks, List<Transaction> txs) {
    BatchResult result = BatchVerifier.verifyAll(checks, executor, signatureCache);
    if (result.allValid()) {
      return ValidationResult.accept();
    }
    int failed = result.failedIndices().get(0);
    int offset = 0;
    for (Transaction tx : txs) {
      int inputs = tx.isCoinbase() ? 0 : tx.inputs().size();
      if (failed < offset + inputs) {
        return ValidationResult.reject(
            InvalidReason.BAD_SIGNATURE, tx.txid().toHex() + " input " + (failed - offset));
      }
      offset += inputs;
    }
    return ValidationResult.reject(InvalidReason.BAD_SIGNATURE, "check " + failed);
  }

  private Optional<SignatureScheme> allowedScheme(byte id) {
    for (SignatureScheme scheme : params.allowedSchemes()) {
      if (scheme.id() == id) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }

  private static Optional<PublicKey> decodeKey(SignatureScheme scheme, TxInput input) {
    try {
      return Optional.of(scheme.decodePublicKey(input.publicKey()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What {@link #checkInputs} found: a result, and when it accepts the fee, coins and checks. */
  record CheckedInputs(
      ValidationResult result, Amount fee, List<Coin> spent, List<SignatureCheck> checks) {
    static CheckedInputs failed(ValidationResult result) {
      return new CheckedInputs(result, Amount.ZERO, List.of(), List.of());
    }
  }
}
