package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

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
 * whose first blocks' coinbases each pay up to {@link #PER_BLOCK} coins to wallet key 0, and
 * pre-signed single-input, single-output Ed25519 transactions spending them one by one. Output 0 of
 * each funding block is never handed out, so a caller can extend the chain from the last funding
 * block with a {@code SpendingChain} (which spends its parent's coinbase output 0). Not
 * thread-safe.
 */
final class Funding {
  /** Regtest with coinbase maturity 1: the funding coins are spendable at once. */
  static final ChainParams PARAMS = ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** Value of each funding coin. */
  static final long EACH = 100_000;

  /** Fee of each spend: about 4 atoms per byte, above the default 1 atom per byte relay fee. */
  static final long FEE = 1_000;

  /**
   * Coins per funding block: 20,000 outputs of about 40 bytes keep the coinbase under the 1 MB
   * transaction limit, and 20,001 x {@link #EACH} under the 50-coin subsidy.
   */
  static final int PER_BLOCK = 20_000;

  private final TestChainBuilder chain;
  private final List<Block> blocks = new ArrayList<>();
  private final Address to = TestChainBuilder.minerAddress();
  private int block;
  private int next = 1;

  /** Funding blocks with {@code coins} coins in all on {@code chain}'s genesis. */
  Funding(TestChainBuilder chain, int coins) {
    checkArgument(coins > 0, "coins must be positive: %s", coins);
    this.chain = chain;
    Block parent = chain.genesis();
    for (int left = coins; left > 0; left -= PER_BLOCK) {
      List<TxOutput> list = new ArrayList<>();
      for (int i = 0; i <= Math.min(left, PER_BLOCK); i++) {
        list.add(TxOutput.of(Amount.ofAtoms(EACH), to));
      }
      parent = chain.on(parent).coinbaseOutputs(list).build();
      blocks.add(parent);
    }
  }

  /** Funding blocks with {@code coins} coins in all on a new {@link #PARAMS} chain. */
  Funding(int coins) {
    this(TestChainBuilder.of(PARAMS), coins);
  }

  /** The block builder. */
  TestChainBuilder chain() {
    return chain;
  }

  /** The funding blocks, from height 1 on. */
  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** The last funding block. */
  Block last() {
    return blocks.get(blocks.size() - 1);
  }

  /** {@code count} signed transactions, each spending the next funding coin to key 0. */
  List<Transaction> next(int count) {
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      checkArgument(block < blocks.size(), "funding coins exhausted");
      Transaction coinbase = blocks.get(block).transactions().get(0);
      txs.add(
          chain.spend(
              coinbase,
              next++,
              Amount.ofAtoms(EACH),
              TestChainBuilder.key(0),
              List.of(TxOutput.of(Amount.ofAtoms(EACH - FEE), to))));
      if (next == coinbase.outputs().size()) {
        block++;
        next = 1;
      }
    }
    return txs;
  }
}
