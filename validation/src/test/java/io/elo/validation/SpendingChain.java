package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.KeyPair;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Extends a {@link TestChainBuilder} chain with blocks that carry real spends, deterministically:
 * each block splits the previous block's coinbase into {@link #SPLIT} outputs for this chain's
 * wallet key, and spends the wallet's oldest outputs one to one (fee {@link #FEE}) until the block
 * holds {@code txsPerBlock} transactions after the coinbase. The UTXO set so grows by about {@code
 * SPLIT} coins per block and every block spends and creates coins. The chain's parameters must
 * allow spending a coinbase one block later (coinbase maturity 1). Not thread-safe. A shared test
 * fixture (test-jar).
 */
public final class SpendingChain {
  /** Outputs the coinbase of the previous block is split into. */
  public static final int SPLIT = 4;

  /** Fee of a wallet spend while its value allows it. */
  public static final Amount FEE = Amount.ofAtoms(1_000);

  private final TestChainBuilder chain;
  private final KeyPair wallet;
  private final Address address;
  private final int txsPerBlock;
  private final Deque<Spendable> unspent = new ArrayDeque<>();

  /**
   * A chain extender spending to and from wallet key {@code walletIndex} (see {@link
   * TestChainBuilder#key(int)}), with {@code txsPerBlock} transactions after each coinbase.
   */
  public SpendingChain(TestChainBuilder chain, int walletIndex, int txsPerBlock) {
    checkArgument(chain.params().coinbaseMaturity() <= 1, "needs coinbase maturity 1");
    checkArgument(txsPerBlock >= 1, "txsPerBlock must be >= 1: %s", txsPerBlock);
    this.chain = chain;
    this.wallet = TestChainBuilder.key(walletIndex);
    this.address = Address.fromPublicKey(wallet.publicKey());
    this.txsPerBlock = txsPerBlock;
  }

  /** The wallet's address: every output this extender creates pays it. */
  public Address address() {
    return address;
  }

  /**
   * Builds {@code count} blocks on {@code parent} (genesis or built by the same builder), returned
   * in order. The first block spends {@code parent}'s coinbase unless {@code parent} is genesis.
   */
  public List<Block> extend(Block parent, int count) {
    List<Block> built = new ArrayList<>(count);
    Block tip = parent;
    for (int i = 0; i < count; i++) {
      tip = next(tip);
      built.add(tip);
    }
    return built;
  }

  private Block next(Block parent) {
    List<Transaction> txs = new ArrayList<>();
    List<Spendable> created = new ArrayList<>();
    if (chain.height(parent) > 0) {
      Transaction coinbase = parent.transactions().get(0);
      Amount value = coinbase.outputs().get(0).amount();
      long share = value.atoms() / SPLIT;
      List<TxOutput> outputs = new ArrayList<>();
      for (int i = 0; i < SPLIT; i++) {
        outputs.add(TxOutput.of(Amount.ofAtoms(share), address));
      }
      Transaction split = chain.spend(coinbase, 0, value, TestChainBuilder.key(0), outputs);
      txs.add(split);
      for (int i = 0; i < SPLIT; i++) {
        created.add(new Spendable(OutPoint.of(split.txid(), i), Amount.ofAtoms(share)));
      }
    }
    while (txs.size() < txsPerBlock && !unspent.isEmpty()) {
      Spendable coin = unspent.poll();
      long fee = coin.value().atoms() > 2 * FEE.atoms() ? FEE.atoms() : 0;
      Amount out = Amount.ofAtoms(coin.value().atoms() - fee);
      Transaction tx =
          chain.spend(
              List.of(coin.outPoint()),
              List.of(coin.value()),
              wallet,
              List.of(TxOutput.of(out, address)));
      txs.add(tx);
      created.add(new Spendable(OutPoint.of(tx.txid(), 0), out));
    }
    unspent.addAll(created); // spendable from the next block on
    return chain.on(parent).addAll(txs).build();
  }

  private record Spendable(OutPoint outPoint, Amount value) {}
}
