package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PublicKey;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 3 and the UTXO bookkeeping: validates a block's transactions against the UTXO set and, if
 * they hold, applies them to the {@link CoinsCache} with undo data; disconnects a block by
 * replaying its undo data backwards. Every change is also recorded in the {@link UtxoHistory} and
 * the optional indexes. Used only by the chain state's writer.
 */
final class BlockConnector {
  private final ChainParams params;
  private final TransactionValidator validator;
  private final CoinsCache cache;
  private final UtxoHistory history;
  private final ChainIndexes indexes;

  BlockConnector(
      ChainParams params,
      TransactionValidator validator,
      CoinsCache cache,
      UtxoHistory history,
      ChainIndexes indexes) {
    this.params = params;
    this.validator = validator;
    this.cache = cache;
    this.history = history;
    this.indexes = indexes;
  }

  /** The current UTXO set as a view (reads go through the cache). */
  UtxoView view() {
    return new UtxoView() {
      @Override
      public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
        return cache.get(outPoint);
      }

      @Override
      public boolean recentlySpent(OutPoint outPoint) {
        return history.recentlySpent(outPoint);
      }
    };
  }

  /**
   * Validates {@code block} at {@code height} on top of the current UTXO set and connects it if
   * valid. Nothing changes when the result is not an accept. {@code keys} are the input keys stage
   * 1 decoded in this validation, or {@code null} (a block read back from the store): its checks
   * then decode a key only when the signature is not cached. {@code plan} is what {@link #plan}
   * found for this block earlier, or {@code null}; it is used only if the UTXO set has not changed
   * since.
   */
  ValidationResult connect(Block block, Height height, InputKeys keys, Plan plan)
      throws StoreException {
    Plan checked = plan != null && plan.isFor(block, height, history.version()) ? plan : null;
    if (checked == null) {
      checked = plan(block, height, keys);
    }
    if (!checked.result().isAccept()) {
      return checked.result();
    }
    ValidationResult signatures =
        validator.verifySignatures(checked.checks(block, keys), checked.signed());
    if (!signatures.isAccept()) {
      return signatures;
    }
    apply(block, height, checked.undo());
    return ValidationResult.accept();
  }

  /**
   * Stage 3 of {@code block} at {@code height} up to its signatures, changing nothing: every input
   * against the current UTXO set, then the coinbase against subsidy and fees. The writer runs it
   * while the workers still decode the block's keys ({@code keys} then {@code null}), so the UTXO
   * reads and hashing stay off the critical path.
   */
  Plan plan(Block block, Height height, InputKeys keys) throws StoreException {
    InBlockView view = new InBlockView(view());
    List<Transaction> txs = block.transactions();
    List<InputCheck> checks = new ArrayList<>();
    List<Transaction> signed = new ArrayList<>();
    List<Coin> undo = new ArrayList<>();
    long version = history.version();
    long fees = 0;
    for (int position = 0; position < txs.size(); position++) {
      Transaction tx = txs.get(position);
      if (position > 0) {
        TransactionValidator.CheckedInputs inputs =
            validator.checkInputs(
                tx, view, height, view.spent.keySet(), keys == null ? null : keys.of(position, tx));
        if (!inputs.result().isAccept()) {
          return Plan.failed(block, height, version, inputs.result());
        }
        fees += inputs.fee().atoms(); // each fee <= MAX_MONEY and few per block: no long overflow
        undo.addAll(inputs.spent());
        checks.addAll(inputs.checks());
        signed.add(tx);
        for (int i = 0; i < tx.inputs().size(); i++) {
          view.spend(tx.inputs().get(i).outPoint(), inputs.spent().get(i));
        }
      }
      for (int i = 0; i < tx.outputs().size(); i++) {
        view.created.put(
            OutPoint.of(tx.txid(), i), Coin.of(tx.outputs().get(i), height, position == 0));
      }
    }
    long allowed = params.subsidy(height).atoms() + fees;
    long paid = 0;
    for (TxOutput output : txs.get(0).outputs()) {
      paid += output.amount().atoms();
    }
    if (paid > allowed) {
      return Plan.failed(
          block,
          height,
          version,
          ValidationResult.reject(
              InvalidReason.COINBASE_OVERPAYS,
              block.hash().toHex() + ": pays " + paid + ", subsidy plus fees " + allowed));
    }
    return new Plan(
        block, height, version, ValidationResult.accept(), checks, signed, undo, keys != null);
  }

  private void apply(Block block, Height height, List<Coin> undo) throws StoreException {
    // The "before" values are published first, so a snapshot read on another thread never sees a
    // half-connected block (UtxoSnapshot); undo holds the spent coins in input order.
    Map<OutPoint, Coin> before = new HashMap<>();
    int spent = 0;
    for (Transaction tx : block.transactions()) {
      for (TxInput input : tx.inputs()) {
        recordFirst(before, input.outPoint(), undo.get(spent++));
      }
      for (int i = 0; i < tx.outputs().size(); i++) {
        recordFirst(before, OutPoint.of(tx.txid(), i), null);
      }
    }
    history.record(before, true);
    for (Transaction tx : block.transactions()) {
      for (TxInput input : tx.inputs()) {
        cache.spend(input.outPoint());
      }
      for (int i = 0; i < tx.outputs().size(); i++) {
        cache.add(OutPoint.of(tx.txid(), i), Coin.of(tx.outputs().get(i), height, tx.isCoinbase()));
      }
    }
    cache.putUndo(block.hash(), BlockUndo.of(undo));
    indexes.connect(block, height);
  }

  /**
   * Disconnects {@code block}, the current tip, restoring the coins it spent from its undo data.
   *
   * @throws StoreException if the undo data is missing or the store fails
   */
  void disconnect(Block block) throws StoreException {
    BlockUndo undo =
        cache
            .undo(block.hash())
            .orElseThrow(() -> new StoreException("no undo data for " + block.hash()));
    List<Transaction> txs = block.transactions();
    int inputs = 0;
    for (Transaction tx : txs) {
      inputs += tx.inputs().size();
    }
    if (inputs != undo.size()) {
      throw new StoreException(
          "undo data of " + block.hash() + " holds " + undo.size() + " coins, block spends " + inputs);
    }
    // As in apply: the "before" values first (an out-point's first touch counts), then the changes.
    Map<OutPoint, Coin> before = new HashMap<>();
    for (int position = txs.size() - 1; position >= 0; position--) {
      Transaction tx = txs.get(position);
      for (int i = 0; i < tx.outputs().size(); i++) {
        OutPoint outPoint = OutPoint.of(tx.txid(), i);
        if (!before.containsKey(outPoint)) {
          before.put(outPoint, cache.get(outPoint).orElse(null));
        }
      }
      for (int i = tx.inputs().size() - 1; i >= 0; i--) {
        recordFirst(before, tx.inputs().get(i).outPoint(), null);
      }
    }
    history.record(before, false);
    int undoIndex = undo.size();
    for (int position = txs.size() - 1; position >= 0; position--) {
      Transaction tx = txs.get(position);
      for (int i = 0; i < tx.outputs().size(); i++) {
        cache.spend(OutPoint.of(tx.txid(), i));
      }
      for (int i = tx.inputs().size() - 1; i >= 0; i--) {
        cache.add(tx.inputs().get(i).outPoint(), undo.coins().get(--undoIndex));
      }
    }
    cache.removeUndo(block.hash());
    indexes.disconnect(block, undo);
  }

  /** Keeps the value an out-point had before the whole change: only its first touch counts. */
  private static void recordFirst(Map<OutPoint, Coin> before, OutPoint outPoint, Coin coin) {
    if (!before.containsKey(outPoint)) {
      before.put(outPoint, coin);
    }
  }

  /**
   * What {@link #plan} found for a block at a height on the UTXO set of one history version: the
   * first failure, or the signature checks of its inputs (in transaction order), the transactions
   * they belong to and the spent coins (the undo data). The lists are not copied: a plan lives
   * only inside one submission on the writer.
   */
  record Plan(
      Block block,
      Height height,
      long version,
      ValidationResult result,
      List<InputCheck> checks,
      List<Transaction> signed,
      List<Coin> undo,
      boolean keyed) {
    static Plan failed(Block block, Height height, long version, ValidationResult result) {
      return new Plan(block, height, version, result, List.of(), List.of(), List.of(), false);
    }

    /** Whether this plan still holds for {@code block} at {@code height} at {@code version}. */
    boolean isFor(Block other, Height at, long currentVersion) {
      return block == other && height.equals(at) && version == currentVersion;
    }

    /** The checks, carrying the keys stage 1 decoded if the plan was made before they were. */
    List<InputCheck> checks(Block of, InputKeys keys) {
      if (keyed || keys == null) {
        return checks;
      }
      List<InputCheck> withKeys = new ArrayList<>(checks.size());
      List<Transaction> txs = of.transactions();
      for (int position = 1; position < txs.size(); position++) {
        PublicKey[] decoded = keys.of(position, txs.get(position));
        for (int i = 0; i < txs.get(position).inputs().size(); i++) {
          InputCheck check = checks.get(withKeys.size());
          withKeys.add(decoded == null ? check : check.withKey(decoded[i]));
        }
      }
      return withKeys;
    }
  }

  /** The UTXO set as seen inside a block: earlier transactions' outputs added, spends removed. */
  private static final class InBlockView implements UtxoView {
    private final UtxoView base;
    final Map<OutPoint, Coin> created = new HashMap<>();
    final Map<OutPoint, Coin> spent = new HashMap<>();

    InBlockView(UtxoView base) {
      this.base = base;
    }

    void spend(OutPoint outPoint, Coin coin) {
      spent.put(outPoint, coin);
      created.remove(outPoint);
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
      if (spent.containsKey(outPoint)) {
        return Optional.empty();
      }
      Coin coin = created.get(outPoint);
      return coin != null ? Optional.of(coin) : base.coin(outPoint);
    }

    @Override
    public boolean recentlySpent(OutPoint outPoint) {
      return base.recentlySpent(outPoint);
    }
  }
}
