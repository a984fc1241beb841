package io.elo.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.BlockTemplate;
import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyPair;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStates;
import io.elo.validation.MutableClock;
import io.elo.validation.StoreException;
import io.elo.validation.TestChainBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A regtest chain whose first block's coinbase pays many spendable outputs to one key, a chain
 * state over it and a pool following it; helpers build signed transactions and mine blocks. A
 * shared test fixture (test-jar).
 */
public final class PoolFixture {
  /** Regtest with coinbase maturity 1, so the funding block's outputs are spendable at once. */
  public static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** The key that owns every funding output and every output built here. */
  public static final KeyPair OWNER = TestChainBuilder.key(1);

  /** The owner's address. */
  public static final Address ADDRESS = Address.fromPublicKey(OWNER.publicKey());

  /** An output the owner may spend. */
  public record Utxo(OutPoint outPoint, Amount amount) {}

  public final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  public final MutableClock clock = new MutableClock(chain.clockStart());
  public final ChainState state;
  public final List<Utxo> funds = new ArrayList<>();
  public Block tip;
  public Mempool pool;

  private PoolFixture(int fundingOutputs) throws StoreException {
    this.state = ChainStates.inMemory(PARAMS, clock);
    long each = PARAMS.subsidy(Height.of(1)).atoms() / fundingOutputs;
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < fundingOutputs; i++) {
      outputs.add(TxOutput.of(Amount.ofAtoms(each), ADDRESS));
    }
    Block funding = chain.on(chain.genesis()).coinbaseOutputs(outputs).build();
    submit(funding);
    Transaction coinbase = funding.transactions().get(0);
    for (int i = 0; i < fundingOutputs; i++) {
      funds.add(out(coinbase, i));
    }
  }

  /** A fixture with an in-memory pool of {@code policy}, chain changes applied directly. */
  public static PoolFixture create(int fundingOutputs, MempoolPolicy policy) throws Exception {
    return create(fundingOutputs, policy, ChainStates.DIRECT, null);
  }

  /** A fixture with every option. */
  public static PoolFixture create(
      int fundingOutputs, MempoolPolicy policy, Executor executor, Path journal)
      throws StoreException, IOException {
    PoolFixture f = new PoolFixture(fundingOutputs);
    f.pool = f.open(policy, executor, journal);
    return f;
  }

  /** Opens another pool over this fixture's chain state. */
  public Mempool open(MempoolPolicy policy, Executor executor, Path journal) throws IOException {
    Mempool.Builder builder =
        Mempool.forChain(state).policy(policy).clock(clock).executor(executor);
    if (journal != null) {
      builder.journal(journal);
    }
    return builder.build();
  }

  /** Output {@code index} of {@code tx}. */
  public static Utxo out(Transaction tx, int index) {
    return new Utxo(OutPoint.of(tx.txid(), index), tx.outputs().get(index).amount());
  }

  /** Takes the next unused funding output. */
  public Utxo fund() {
    return funds.remove(0);
  }

  /** A transaction spending {@code inputs} into {@code outputs} equal outputs, leaving {@code fee}. */
  public static Transaction tx(List<Utxo> inputs, long fee, int outputs) {
    TransactionBuilder builder = new TransactionBuilder();
    long total = 0;
    for (Utxo input : inputs) {
      builder.addInput(input.outPoint(), input.amount(), OWNER);
      total += input.amount().atoms();
    }
    long left = total - fee;
    long each = left / outputs;
    for (int i = 0; i < outputs; i++) {
      long value = i == 0 ? left - each * (outputs - 1) : each;
      builder.addOutput(Amount.ofAtoms(value), ADDRESS);
    }
    return builder.build(PARAMS.genesisHash());
  }

  /** A one-input transaction paying {@code amount} in output 0, the rest less {@code fee} in 1. */
  public static Transaction pay(Utxo input, long amount, long fee) {
    return new TransactionBuilder()
        .addInput(input.outPoint(), input.amount(), OWNER)
        .addOutput(Amount.ofAtoms(amount), ADDRESS)
        .addOutput(Amount.ofAtoms(input.amount().atoms() - amount - fee), ADDRESS)
        .build(PARAMS.genesisHash());
  }

  /** A one-input transaction. */
  public static Transaction tx(Utxo input, long fee, int outputs) {
    return tx(List.of(input), fee, outputs);
  }

  /** Mines {@code txs} on the tip, submits the block and applies it to the pool. */
  public Block mine(List<Transaction> txs) throws StoreException {
    Block block = chain.on(tip).addAll(txs).build();
    submit(block);
    pool.syncWithChain();
    return block;
  }

  /**
   * One chain event while submitters race: now and then (one in four, above height 2) a
   * reorganisation replacing the tip by two empty blocks, else a block of the pool's template of at
   * most {@code templateBytes}, which must connect. Returns whether it reorganised.
   */
  public boolean randomChainEvent(Random random, int templateBytes) throws StoreException {
    if (random.nextInt(4) == 0 && state.tip().height().value() > 2) {
      int height = state.tip().height().value();
      Block fork = state.blockAt(Height.of(height - 1)).orElseThrow();
      for (int i = 0; i < 2; i++) {
        fork = blockOn(fork, List.of());
        submit(fork);
      }
      return true;
    }
    BlockTemplate template = pool.template(templateBytes);
    Block block = chain.on(tip).addAll(template.transactions()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, submit(block));
    return false;
  }

  /**
   * Brings the pool up to date with the chain and lets {@code executor} (the pool's, one thread)
   * finish what that queued, such as admitting orphans whose parents a block confirmed.
   */
  public void settle(ExecutorService executor) throws Exception {
    for (int round = 0; round < 3; round++) {
      pool.syncWithChain();
      executor.submit(() -> {}).get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Mines the template of the whole pool once it has caught up with the chain: the block must
   * connect and leave the pool empty.
   */
  public void mineEverything() throws StoreException {
    pool.syncWithChain();
    BlockTemplate all = pool.template(1_000_000);
    Block last = chain.on(tip).addAll(all.transactions()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, submit(last));
    pool.syncWithChain();
    assertEquals(0, pool.size());
  }

  /** Builds a block of {@code txs} on {@code parent} without submitting it. */
  public Block blockOn(Block parent, List<Transaction> txs) {
    return chain.on(parent).addAll(txs).build();
  }

  /** Submits {@code block}; the tip follows the best chain. */
  public BlockSubmitResult submit(Block block) throws StoreException {
    BlockSubmitResult result = state.submitBlock(block);
    assertTrue(
        result instanceof BlockSubmitResult.Connected || result instanceof BlockSubmitResult.SideChain,
        result.toString());
    tip = state.block(state.tip().hash()).orElseThrow();
    return result;
  }

  /** Asserts that {@code result} is a policy rejection (never penalised) for {@code reason}. */
  public static AdmissionResult.Rejected assertRefused(
      RejectReason reason, AdmissionResult result) {
    AdmissionResult.Rejected r = assertInstanceOf(AdmissionResult.Rejected.class, result);
    assertEquals(reason, r.reason(), r.message());
    assertFalse(r.penalize());
    return r;
  }

  /** Submits {@code tx} from a fixed test source. */
  public AdmissionResult submit(Transaction tx) {
    return pool.submit(tx, SourceKey.of("test"));
  }
}
