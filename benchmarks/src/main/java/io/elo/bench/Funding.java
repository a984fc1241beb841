package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyPair;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import io.elo.validation.TestChainBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A fan-out of spendable coins for transaction benchmarks: a regtest chain (coinbase maturity 1)
 * whose first blocks' coinbases each pay up to {@link #PER_BLOCK} coins, and pre-signed
 * single-input, single-output Ed25519 transactions spending them one by one. With {@link
 * KeyMode#ONE} every coin belongs to wallet key 0; with {@link KeyMode#DISTINCT} coin {@code i}
 * belongs to its own key ({@link KeyMode#coinKey}), so every spend is signed by a different key.
 * Output 0 of each funding block pays key 0 and is never handed out, so a caller can extend the
 * chain from the last funding block with a {@code SpendingChain} (which spends its parent's
 * coinbase output 0). Keys are derived and transactions signed on all cores (the common fork-join pool),
 * before any timing starts. Not thread-safe.
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
  private final KeyMode keys;
  private final List<Block> blocks = new ArrayList<>();
  private final KeyPair wallet = TestChainBuilder.key(0);
  private final Address to = Address.fromPublicKey(wallet.publicKey());
  private final int coins;
  // The owner of each coin not yet spent (DISTINCT only; dropped once signed).
  private final KeyPair[] owners;
  private int spent;

  /** Funding blocks with {@code coins} coins in all on {@code chain}'s genesis. */
  Funding(TestChainBuilder chain, int coins, KeyMode keys) {
    checkArgument(coins > 0, "coins must be positive: %s", coins);
    this.chain = chain;
    this.keys = keys;
    this.coins = coins;
    this.owners =
        keys == KeyMode.DISTINCT
            ? IntStream.range(0, coins)
                .parallel()
                .mapToObj(KeyMode::coinKey)
                .toArray(KeyPair[]::new)
            : new KeyPair[0];
    Block parent = chain.genesis();
    for (int first = 0; first < coins; first += PER_BLOCK) {
      List<TxOutput> list = new ArrayList<>();
      list.add(TxOutput.of(Amount.ofAtoms(EACH), to));
      for (int i = first; i < Math.min(coins, first + PER_BLOCK); i++) {
        list.add(TxOutput.of(Amount.ofAtoms(EACH), Address.fromPublicKey(owner(i).publicKey())));
      }
      parent = chain.on(parent).coinbaseOutputs(list).build();
      blocks.add(parent);
    }
  }

  /** Funding blocks with {@code coins} coins on a new {@link #PARAMS} chain. */
  Funding(int coins, KeyMode keys) {
    this(TestChainBuilder.of(PARAMS), coins, keys);
  }

  /** Funding blocks with {@code coins} coins of wallet key 0 on a new {@link #PARAMS} chain. */
  Funding(int coins) {
    this(coins, KeyMode.ONE);
  }

  /** The block builder. */
  TestChainBuilder chain() {
    return chain;
  }

  /** Who signs the spends. */
  KeyMode keys() {
    return keys;
  }

  /** The funding blocks, from height 1 on. */
  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** The last funding block. */
  Block last() {
    return blocks.get(blocks.size() - 1);
  }

  /** Coins not yet handed out by {@link #next}. */
  int remaining() {
    return coins - spent;
  }

  /** {@code count} signed transactions, each spending the next funding coin to key 0. */
  List<Transaction> next(int count) {
    checkArgument(count >= 0 && count <= remaining(), "funding coins exhausted");
    int from = spent;
    spent += count;
    return IntStream.range(from, from + count).parallel().mapToObj(this::spend).toList();
  }

  private Transaction spend(int coin) {
    Transaction coinbase = blocks.get(coin / PER_BLOCK).transactions().get(0);
    KeyPair owner = owner(coin);
    if (keys == KeyMode.DISTINCT) {
      owners[coin] = null; // each coin is spent once: its key is garbage now
    }
    return new TransactionBuilder()
        .addInput(OutPoint.of(coinbase.txid(), 1 + coin % PER_BLOCK), Amount.ofAtoms(EACH), owner)
        .addOutput(Amount.ofAtoms(EACH - FEE), to)
        .build(chain.params().genesisHash());
  }

  private KeyPair owner(int coin) {
    return keys == KeyMode.DISTINCT ? owners[coin] : wallet;
  }
}
