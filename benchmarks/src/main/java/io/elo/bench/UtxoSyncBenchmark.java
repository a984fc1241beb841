package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.TxOutput;
import io.elo.validation.BlockUndo;
import io.elo.validation.Coin;
import io.elo.validation.CoinsCache;
import io.elo.validation.MapDbChainStore;
import io.elo.validation.StoreBatch;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * The UTXO side of a long sync on MapDB: {@code blocks} block connections, each looking up and
 * spending {@code changes / 2} random existing coins and adding {@code changes / 2} new ones with
 * the block's undo record, through a {@link CoinsCache} over a {@link MapDbChainStore} that starts
 * with {@code initial} coins on disk (the cache starts empty, so early lookups read MapDB).
 *
 * <p>{@link #cachedFlushes} flushes the way the chain state does: when {@link
 * CoinsCache#shouldFlush()} says so (the default bounds, 256 MiB / 800,000 entries, or 10 seconds
 * of the system clock) and once at the end, so the whole sync is durable. {@link #commitPerBlock}
 * flushes after every block: one MapDB commit per block. One operation is the whole sync
 * (single-shot); block connects per second = {@code blocks} / time, lookups per second = {@code
 * blocks x changes / 2} / time. Signatures are not part of it (see {@link
 * BlockValidationBenchmark}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class UtxoSyncBenchmark {
  /** Block connections in one sync. */
  @Param({"2000"})
  public int blocks;

  /** UTXO changes per block: half spends (each after a lookup), half new coins. */
  @Param({"400"})
  public int changes;

  /** Coins in the store before the sync. */
  @Param({"50000"})
  public int initial;

  private static final Address OWNER = Address.of(Hash.sha256d(new byte[] {1}));

  private List<OutPoint> initialCoins;
  private List<BlockChanges> workload;
  private Path dir;
  private MapDbChainStore store;
  private CoinsCache cache;

  /** One block's changes, precomputed so the benchmark only touches the cache. */
  private record BlockChanges(Hash hash, Height height, OutPoint[] spends, OutPoint[] creates) {}

  @Setup(Level.Trial)
  public void buildWorkload() {
    SplittableRandom random = new SplittableRandom(42);
    List<OutPoint> unspent = new ArrayList<>(initial + blocks * changes / 2);
    initialCoins = new ArrayList<>(initial);
    for (int i = 0; i < initial; i++) {
      OutPoint outPoint = OutPoint.of(txid(0, i), i % 3);
      initialCoins.add(outPoint);
      unspent.add(outPoint);
    }
    workload = new ArrayList<>(blocks);
    int half = changes / 2;
    for (int b = 1; b <= blocks; b++) {
      OutPoint[] spends = new OutPoint[half];
      for (int i = 0; i < half; i++) {
        int pick = random.nextInt(unspent.size());
        spends[i] = unspent.get(pick);
        unspent.set(pick, unspent.get(unspent.size() - 1));
        unspent.remove(unspent.size() - 1);
      }
      OutPoint[] creates = new OutPoint[half];
      for (int i = 0; i < half; i++) {
        creates[i] = OutPoint.of(txid(b, i), 0);
      }
      unspent.addAll(List.of(creates)); // spendable from the next block on
      workload.add(new BlockChanges(txid(-b, 0), Height.of(b), spends, creates));
    }
  }

  /** A fresh MapDB file holding the initial coins, and an empty cache over it. */
  @Setup(Level.Iteration)
  public void openStore() throws IOException, StoreException {
    dir = Files.createTempDirectory("elo-utxo-sync");
    store = MapDbChainStore.open(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT);
    StoreBatch.Builder batch = StoreBatch.builder();
    for (OutPoint outPoint : initialCoins) {
      batch.putCoin(outPoint, coin(0));
    }
    store.commit(batch.build(txid(0, -1), Height.of(0)));
    cache = CoinsCache.create(store, CoinsCache.Limits.DEFAULT, Clock.systemUTC());
  }

  @TearDown(Level.Iteration)
  public void closeStore() throws IOException, StoreException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** Flushes when the cache asks (bound or interval) and once at the end. */
  @Benchmark
  public CoinsCache.Stats cachedFlushes() throws StoreException {
    BlockChanges last = null;
    for (BlockChanges block : workload) {
      connect(block);
      if (cache.shouldFlush()) {
        cache.flush(block.hash(), block.height());
      }
      last = block;
    }
    cache.flush(last.hash(), last.height());
    return cache.stats();
  }

  /** One MapDB commit after every block. */
  @Benchmark
  public CoinsCache.Stats commitPerBlock() throws StoreException {
    for (BlockChanges block : workload) {
      connect(block);
      cache.flush(block.hash(), block.height());
    }
    return cache.stats();
  }

  private void connect(BlockChanges block) throws StoreException {
    List<Coin> undo = new ArrayList<>(block.spends().length);
    for (OutPoint outPoint : block.spends()) {
      Optional<Coin> coin = cache.get(outPoint);
      if (coin.isEmpty()) {
        throw new IllegalStateException("workload spends a missing coin " + outPoint);
      }
      cache.spend(outPoint);
      undo.add(coin.get());
    }
    Coin created = coin(block.height().value());
    for (OutPoint outPoint : block.creates()) {
      cache.add(outPoint, created);
    }
    cache.putUndo(block.hash(), BlockUndo.of(undo));
  }

  private static Coin coin(int height) {
    return Coin.of(TxOutput.of(Amount.ofAtoms(1_000 + height), OWNER), Height.of(height), false);
  }

  private static Hash txid(int block, int index) {
    ByteBuffer seed = ByteBuffer.allocate(8).putInt(block).putInt(index);
    return Hash.sha256d(seed.array());
  }
}
