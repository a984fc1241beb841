package io.elo.bench;

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
 * A fan-out of spendable coins for transaction benchmarks: a regtest chain (coinbase maturity 1)
 * whose first block's coinbase pays {@code outputs} coins to wallet key 0, and pre-signed
 * single-input, single-output Ed25519 transactions spending them one by one. Not thread-safe.
 */
final class Funding {
  /** Regtest with coinbase maturity 1: the funding coins are spendable at once. */
  static final ChainParams PARAMS = ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** Value of each funding coin; 50,000 of them fit in the 50-coin subsidy. */
  static final long EACH = 100_000;

  /** Fee of each spend: about 4 atoms per byte, above the default 1 atom per byte relay fee. */
  static final long FEE = 1_000;

  private final TestChainBuilder chain;
  private final Block funding;
  private final Address to = TestChainBuilder.minerAddress();
  private int next;

  /** A funding block with {@code outputs} coins on {@code chain}'s genesis. */
  Funding(TestChainBuilder chain, int outputs) {
    this.chain = chain;
    List<TxOutput> list = new ArrayList<>(outputs);
    for (int i = 0; i < outputs; i++) {
      list.add(TxOutput.of(Amount.ofAtoms(EACH), to));
    }
    funding = chain.on(chain.genesis()).coinbaseOutputs(list).build();
  }

  /** A funding block with {@code outputs} coins on a new {@link #PARAMS} chain. */
  Funding(int outputs) {
    this(TestChainBuilder.of(PARAMS), outputs);
  }

  /** The block builder. */
  TestChainBuilder chain() {
    return chain;
  }

  /** The funding block (height 1). */
  Block block() {
    return funding;
  }

  /** Funding coins not yet spent by {@link #next(int)}. */
  int remaining() {
    return funding.transactions().get(0).outputs().size() - next;
  }

  /** Leaves the next {@code count} funding coins unspent here (spent elsewhere, e.g. coin 0). */
  void skip(int count) {
    next += count;
  }

  /** {@code count} signed transactions, each spending the next funding coin to key 0. */
  List<Transaction> next(int count) {
    Transaction coinbase = funding.transactions().get(0);
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      txs.add(
          chain.spend(
              coinbase,
              next++,
              Amount.ofAtoms(EACH),
              TestChainBuilder.key(0),
              List.of(TxOutput.of(Amount.ofAtoms(EACH - FEE), to))));
    }
    return txs;
  }
}
