package io.elo.bench;

import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyPair;
import io.elo.crypto.PublicKey;
import io.elo.crypto.PublicKeyCache;
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
 * Full validation of one block of {@code txs} single-input Ed25519 transactions, each signed by a
 * key of its own: {@link ChainState#submitBlock} on an in-memory chain state whose tip is the
 * block's parent (context-free checks, header in context, every input against the UTXO set, keys,
 * signatures, connection). Cold: a fresh {@link SignatureCache} and a fresh {@link PublicKeyCache},
 * so every key is fully decoded and every signature verified, as for a block of new keys in initial
 * sync; warm: both caches already hold every key and signature (as after mempool admission, whose
 * caches are the chain state's). Signatures run on the caller alone ({@code threads=1}, a direct
 * executor) or on a {@link ForkJoinPool} of all processors ({@code threads=all}). The chain state
 * is rebuilt before each invocation (not timed); a block costs milliseconds to a second, far above
 * {@code Level.Invocation}'s overhead.
 *
 * <p>{@link #ed25519DecodeAndVerify} prices one input's unavoidable work in the same run, one full
 * key decode and one verification through the scheme: the bound for a cold block is {@code txs x
 * (decode + verify) / cores}, where cores is 1 or the processor count. {@link #ed25519Verify}
 * prices the verification alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockValidationBenchmark {
  /** Coinbase maturity 1: the block's parent can fund it from its grandparent's coinbase. */
  static final ChainParams PARAMS = ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** Wallet key index of the first transaction's owner; key(0) and key(2) are taken. */
  static final int FIRST_OWNER_KEY = 1000;

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
    private SignatureCache warmSignatures;
    private PublicKeyCache warmKeys;
    private ChainState state;

    @Setup(Level.Trial)
    public void build() throws StoreException {
      chain = TestChainBuilder.of(PARAMS);
      first = chain.on(chain.genesis()).build();
      Transaction coinbase = first.transactions().get(0);
      Amount value = coinbase.outputs().get(0).amount();
      Amount share = Amount.ofAtoms(value.atoms() / txs);
      // A key per transaction, so no key repeats within the block.
      List<KeyPair> owners = new ArrayList<>(txs);
      List<TxOutput> outputs = new ArrayList<>(txs);
      for (int i = 0; i < txs; i++) {
        owners.add(TestChainBuilder.key(FIRST_OWNER_KEY + i));
        outputs.add(TxOutput.of(share, Address.fromPublicKey(owners.get(i).publicKey())));
      }
      Transaction fan = chain.spend(coinbase, 0, value, TestChainBuilder.key(0), outputs);
      funding = chain.on(first).add(fan).build();
      Address payee = Address.fromPublicKey(TestChainBuilder.key(2).publicKey());
      List<Transaction> spends = new ArrayList<>(txs);
      Amount out = Amount.ofAtoms(share.atoms() - 100);
      for (int i = 0; i < txs; i++) {
        spends.add(chain.spend(fan, i, share, owners.get(i), List.of(TxOutput.of(out, payee))));
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
        ChainState warmUp = open(new SignatureCache(cacheSize()), new PublicKeyCache(cacheSize()));
        expectConnected(warmUp.submitBlock(block));
        warmUp.close();
      }
      warmSignatures = new SignatureCache(cacheSize());
      warmKeys = new PublicKeyCache(cacheSize());
      ChainState primer = open(warmSignatures, warmKeys);
      expectConnected(primer.submitBlock(block));
      primer.close();
    }

    /** A chain state at the block's parent; cold for {@code cold}, warm for {@code warm}. */
    @Setup(Level.Invocation)
    public void reset(BenchmarkParams benchmark) throws StoreException {
      boolean cold = benchmark.getBenchmark().endsWith("cold");
      state =
          cold
              ? open(new SignatureCache(cacheSize()), new PublicKeyCache(cacheSize()))
              : open(warmSignatures, warmKeys);
    }

    /**
     * Room for every signature and key of the block with a wide margin, as a node's cache (sized for a
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

    private ChainState open(SignatureCache signatures, PublicKeyCache keys) throws StoreException {
      ChainState opened =
          ChainState.builder(PARAMS)
              .blockStore(InMemoryBlockStore.create())
              .chainStore(new InMemoryChainStore())
              .executor(executor)
              .signatureCache(signatures)
              .keyCache(keys)
              .clock(new MutableClock(chain.clockStart()))
              .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
              .build();
      expectConnected(opened.submitBlock(first));
      expectConnected(opened.submitBlock(funding));
      return opened;
    }
  }

  /**
   * Signatures of distinct keys over distinct signing messages, as a block's inputs are, for the
   * per-input prices: cycling through them keeps the curve code's branches and the caches as
   * unpredictable as in a block (one key and signature repeated would flatter the bound).
   */
  @State(Scope.Thread)
  public static class Signatures {
    /** Distinct (key, message, signature) triples cycled through. */
    static final int COUNT = 1024;

    private final byte[][] encodedKeys = new byte[COUNT][];
    private final PublicKey[] keys = new PublicKey[COUNT];
    private final byte[][] messages = new byte[COUNT][];
    private final byte[][] signatures = new byte[COUNT][];
    private int next;

    @Setup
    public void build() {
      TestChainBuilder chain = TestChainBuilder.of(PARAMS);
      Block first = chain.on(chain.genesis()).build();
      Transaction coinbase = first.transactions().get(0);
      Amount value = coinbase.outputs().get(0).amount();
      List<TxOutput> pay =
          List.of(TxOutput.of(value, Address.fromPublicKey(TestChainBuilder.key(2).publicKey())));
      for (int i = 0; i < COUNT; i++) {
        KeyPair owner = TestChainBuilder.key(FIRST_OWNER_KEY + i);
        Transaction tx = chain.spend(coinbase, 0, value, owner, pay);
        TxInput input = tx.inputs().get(0);
        encodedKeys[i] = input.publicKey();
        keys[i] = SignatureSchemes.ED25519.decodePublicKey(encodedKeys[i]);
        messages[i] = SigningMessage.ofAll(PARAMS.genesisHash(), tx, List.of(value)).get(0);
        signatures[i] = input.signature();
        if (!SignatureSchemes.ED25519.verify(keys[i], messages[i], signatures[i])) {
          throw new IllegalStateException("fixture signature does not verify");
        }
      }
    }

    /** The index of the next triple. */
    int next() {
      int index = next;
      next = (index + 1) % COUNT;
      return index;
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

  /**
   * One full Ed25519 key decode (validation included) and one verification of a transaction
   * signing message, through the scheme: the work a cold block cannot avoid per input.
   */
  @Benchmark
  public boolean ed25519DecodeAndVerify(Signatures all) {
    int i = all.next();
    PublicKey key = SignatureSchemes.ED25519.decodePublicKey(all.encodedKeys[i]);
    return SignatureSchemes.ED25519.verify(key, all.messages[i], all.signatures[i]);
  }

  /** One Ed25519 verification of a transaction signing message, as block validation runs it. */
  @Benchmark
  public boolean ed25519Verify(Signatures all) {
    int i = all.next();
    return SignatureSchemes.ED25519.verify(all.keys[i], all.messages[i], all.signatures[i]);
  }
}
