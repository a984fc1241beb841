package io.elo.node;

import io.elo.consensus.ChainParams;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.TestChainBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared fixture (test-jar): a regtest chain (coinbase maturity 1) whose first block pays many
 * outputs to {@link TestChainBuilder#key(int) key(0)}, and signed transactions spending them one by
 * one, for tests that need blocks full of pool transactions.
 */
public final class FundedChain {
  /** Regtest with coinbase maturity 1: the funding outputs are spendable at once. */
  public static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  private static final long EACH = 1_000_000;
  private static final long FEE = 10_000;

  private final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  private final Block funding;
  private int next;

  /** A chain whose funding block (height 1) has {@code outputs} spendable outputs. */
  public FundedChain(int outputs) {
    Address to = TestChainBuilder.minerAddress();
    List<TxOutput> list = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      list.add(TxOutput.of(Amount.ofAtoms(EACH), to));
    }
    funding = chain.on(chain.genesis()).coinbaseOutputs(list).build();
  }

  /** The block builder. */
  public TestChainBuilder chain() {
    return chain;
  }

  /** The funding block, child of genesis. */
  public Block funding() {
    return funding;
  }

  /** {@code count} new transactions, each spending the next unspent funding output. */
  public List<Transaction> nextTransactions(int count) {
    Transaction coinbase = funding.transactions().get(0);
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = next++;
      txs.add(
          chain.spend(
              coinbase,
              index,
              Amount.ofAtoms(EACH),
              TestChainBuilder.key(0),
              List.of(TxOutput.of(Amount.ofAtoms(EACH - FEE), TestChainBuilder.minerAddress()))));
    }
    return txs;
  }

  /**
   * A transaction spending the next unspent funding output into {@code outputs} and the rest,
   * less the fee, back to the miner's address (key 0).
   */
  public Transaction nextPaying(List<TxOutput> outputs) {
    Transaction coinbase = funding.transactions().get(0);
    List<TxOutput> all = new ArrayList<>(outputs);
    long rest = EACH - FEE - outputs.stream().mapToLong(o -> o.amount().atoms()).sum();
    all.add(TxOutput.of(Amount.ofAtoms(rest), TestChainBuilder.minerAddress()));
    return chain.spend(coinbase, next++, Amount.ofAtoms(EACH), TestChainBuilder.key(0), all);
  }

  /** A block on {@code parent} holding {@code txs}. */
  public Block blockOn(Block parent, List<Transaction> txs) {
    return chain.on(parent).addAll(txs).build();
  }
}
