package io.elo.bench;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureCache;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.SigningMessage;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.CoinsCache;
import io.elo.validation.InMemoryBlockStore;
import io.elo.validation.InMemoryChainStore;
import io.elo.validation.MutableClock;
import io.elo.validation.StoreException;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Full validation of one block of {@code txs} single-input Ed25519 transactions: {@link
 * ChainState#submitBlock} on an in-memory chain state whose tip is the block's parent (context-free
 * checks, header in context, every input against the UTXO set, signatures, connection). Cold: a
 * fresh {@link SignatureCache}, so every signature is verified; warm: the cache already holds every
 * signature (as after mempool admission). Signatures run on the caller alone ({@code threads=1}, a
 * direct executor) or on a {@link ForkJoinPool} of all processors ({@code threads=all}). The chain
 * state is rebuilt before each invocation (not timed); a block costs milliseconds to a second, far
 * above {@code Level.Invocation}'s overhead.
 *
 * <p>{@link #ed25519Verify} prices one verification in the same run: the bound for a cold block is
 * {@code txs x verify / cores}, where cores is 1 or the processor count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockValidationBenchmark {
  /** Coinbase maturity 1: the block's parent can fund it from its grandparent's coinbase. */
  static final ChainParams PARAMS = ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** Signatures verified in each trial's untimed set-up before measuring. */
  static final int WARM_UP_SIGNATURES = 20_000;

  /** The block under test, its two ancestors and the executor. */
  @State(Scope.Thread)
  public static class Blocks {
    /** Single-input transactions in the block, besides the coinbase. */
    @Param({"1000", "5000"})
    public int txs;

    /** {@code 1}: signatures on the calling thread; {@code all}: a pool of every processor. */
    @Param({"1", "all"})
    public String threads;

    private TestChainBuilder chain;
    private Block first;
    private Block funding;
    private Block block;
    private Executor executor;
    private ForkJoinPool pool;
    private SignatureCache warmCache;
    private ChainState state;

    @Setup(Level.Trial)
    public void build() throws StoreException {
      chain = TestChainBuilder.of(PARAMS);
      first = chain.on(chain.genesis()).build();
      Transaction coinbase = first.transactions().get(0);
      Amount value = coinbase.outputs().get(0).amount();
      Amount share = Amount.ofAtoms(value.atoms() / txs);
      Address owner = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());
      Address payee = Address.fromPublicKey(TestChainBuilder.key(2).publicKey());
      List<TxOutput> outputs = new ArrayList<>(txs);
      for (int i = 0; i < txs; i++) {
        outputs.add(TxOutput.of(share, owner));
      }
      Transaction fan = chain.spend(coinbase, 0, value, TestChainBuilder.key(0), outputs);
      funding = chain.on(first).add(fan).build();
      List<Transaction> spends = new ArrayList<>(txs);
      Amount out = Amount.ofAtoms(share.atoms() - 100);
      for (int i = 0; i < txs; i++) {
        spends.add(
            chain.spend(fan, i, share, TestChainBuilder.key(1), List.of(TxOutput.of(out, payee))));
      }
      block = chain.on(funding).addAll(spends).build();
      if (threads.equals("1")) {
        executor = Runnable::run;
      } else {
        pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        executor = pool;
      }
      // JIT warm-up (untimed): validate the block cold until about WARM_UP_SIGNATURES have been
      // verified. Two one-second warm-up iterations hold only a few blocks, far fewer
      // verifications than C2 needs to compile the verification path as it has in ed25519Verify's
      // own warm-up, so without this "cold" would measure the interpreter.
      for (int done = 0; done < WARM_UP_SIGNATURES; done += txs) {
        ChainState warmUp = open(new SignatureCache(cacheSize()));
        expectConnected(warmUp.submitBlock(block));
        warmUp.close();
      }
      warmCache = new SignatureCache(cacheSize());
      ChainState primer = open(warmCache);
      expectConnected(primer.submitBlock(block));
      primer.close();
    }

    /** A chain state at the block's parent; cold for {@code cold}, warm for {@code warm}. */
    @Setup(Level.Invocation)
    public void reset(BenchmarkParams benchmark) throws StoreException {
      boolean cold = benchmark.getBenchmark().endsWith("cold");
      state = open(cold ? new SignatureCache(cacheSize()) : warmCache);
    }

    /**
     * Room for every signature of the block with a wide margin, as a node's cache (sized for a
     * mempool, many blocks) has. The Guava cache behind it bounds each of its segments separately,
     * so a cache barely larger than the block evicts some entries early, and a block replayed in
     * the same order then misses in cascade (LRU under a cyclic scan): "warm" would not be warm.
     */
    private int cacheSize() {
      return 4 * txs + 1024;
    }

    /** Checks the invocation really connected the block, then closes the state. */
    @TearDown(Level.Invocation)
    public void closeState() throws StoreException {
      if (!state.tip().hash().equals(block.hash())) {
        throw new IllegalStateException("block not connected, tip " + state.tip());
      }
      state.close();
    }

    @TearDown(Level.Trial)
    public void stopPool() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    private ChainState open(SignatureCache cache) throws StoreException {
      ChainState opened =
          ChainState.builder(PARAMS)
              .blockStore(InMemoryBlockStore.create())
              .chainStore(new InMemoryChainStore())
              .executor(executor)
              .signatureCache(cache)
              .clock(new MutableClock(chain.clockStart()))
              .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
              .build();
      expectConnected(opened.submitBlock(first));
      expectConnected(opened.submitBlock(funding));
      return opened;
    }
  }

  /** One signature and its key, for the single-verify price. */
  @State(Scope.Thread)
  public static class OneSignature {
    private PublicKey key;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void build() {
      TestChainBuilder chain = TestChainBuilder.of(PARAMS);
      Block first = chain.on(chain.genesis()).build();
      Transaction coinbase = first.transactions().get(0);
      Amount value = coinbase.outputs().get(0).amount();
      Transaction tx =
          chain.spend(
              coinbase,
              0,
              value,
              TestChainBuilder.key(0),
              List.of(
                  TxOutput.of(value, Address.fromPublicKey(TestChainBuilder.key(2).publicKey()))));
      TxInput input = tx.inputs().get(0);
      key = SignatureSchemes.ED25519.decodePublicKey(input.publicKey());
      message = SigningMessage.ofAll(PARAMS.genesisHash(), tx, List.of(value)).get(0);
      signature = input.signature();
      if (!SignatureSchemes.ED25519.verify(key, message, signature)) {
        throw new IllegalStateException("fixture signature does not verify");
      }
    }
  }

  private static void expectConnected(BlockSubmitResult result) {
    if (!(result instanceof BlockSubmitResult.Connected)) {
      throw new IllegalStateException("fixture block not connected: " + result);
    }
  }

  /** Every signature verified. */
  @Benchmark
  public BlockSubmitResult cold(Blocks blocks) throws StoreException {
    return blocks.state.submitBlock(blocks.block);
  }

  /** Every signature answered by the signature cache. */
  @Benchmark
  public BlockSubmitResult warm(Blocks blocks) throws StoreException {
    return blocks.state.submitBlock(blocks.block);
  }

  /** One Ed25519 verification of a transaction signing message, as block validation runs it. */
  @Benchmark
  public boolean ed25519Verify(OneSignature one) {
    return SignatureSchemes.ED25519.verify(one.key, one.message, one.signature);
  }
}
