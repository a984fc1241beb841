package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.TxOutput;
import io.elo.validation.Coin;
import io.elo.validation.MapDbChainStore;
import io.elo.validation.StoreBatch;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
 * The MapDB configurations DESIGN.md asks to compare (memory-mapped or file channel, HTree or
 * BTree), always with transactions: random coin gets over a store of {@code coins} coins, and a
 * block-sized commit of 2,000 coin puts and 2,000 coin deletes (the store size stays constant).
 */
@State(Scope.Benchmark)
public class MapDbConfigBenchmark {
  private static final int BATCH_HALF = 2_000;
  private static final int POPULATE_BATCH = 100_000;

  @Param({"MEMORY_MAPPED", "FILE_CHANNEL"})
  public MapDbChainStore.Access access;

  @Param({"HASH_TREE", "B_TREE"})
  public MapDbChainStore.Layout layout;

  /** Coins in the store; the CI smoke run lowers it. */
  @Param({"1000000"})
  public int coins;

  private Path dir;
  private MapDbChainStore store;
  private OutPoint[] keys;
  private SplittableRandom random;
  private long oldest;
  private long next;
  private int height;

  @Setup(Level.Trial)
  public void populate() throws IOException, StoreException {
    dir = Files.createTempDirectory("elo-mapdb-bench");
    store =
        MapDbChainStore.open(dir.resolve("chain.db"), new MapDbChainStore.Options(access, layout));
    keys = new OutPoint[coins];
    for (int i = 0; i < coins; i++) {
      keys[i] = outPoint(i);
    }
    for (int from = 0; from < coins; from += POPULATE_BATCH) {
      StoreBatch.Builder b = StoreBatch.builder();
      for (int i = from; i < Math.min(coins, from + POPULATE_BATCH); i++) {
        b.putCoin(keys[i], coin(i));
      }
      store.commit(b.build(Hash.ZERO, Height.of(++height)));
    }
    random = new SplittableRandom(1);
    oldest = 0;
    next = coins;
  }

  /** The next commit's batch, built outside the measurement. */
  @State(Scope.Thread)
  public static class NextBatch {
    StoreBatch batch;

    /** Spends the 2,000 oldest coins and creates 2,000 new ones. */
    @Setup(Level.Invocation)
    public void build(MapDbConfigBenchmark bench) {
      StoreBatch.Builder b = StoreBatch.builder();
      for (int i = 0; i < BATCH_HALF; i++) {
        b.deleteCoin(outPoint(bench.oldest++));
        b.putCoin(outPoint(bench.next), coin(bench.next++));
      }
      batch = b.build(Hash.ZERO, Height.of(++bench.height));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, StoreException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** One random get of a coin that is present (the store's first {@code coins} were created). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Optional<Coin> randomGet() throws StoreException {
    // Keys are never spent below index `oldest`, so pick among the ones still present.
    int span = (int) Math.min(coins, next - oldest);
    long index = oldest + random.nextInt(span);
    return store.coin(index < coins ? keys[(int) index] : outPoint(index));
  }

  /** One commit of 2,000 puts and 2,000 deletes. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public StoreBatch commit4000(NextBatch next) throws StoreException {
    store.commit(next.batch);
    return next.batch;
  }

  static OutPoint outPoint(long i) {
    return OutPoint.of(Hash.sha256(ByteBuffer.allocate(8).putLong(i).array()), (int) (i % 3));
  }

  static Coin coin(long i) {
    Address address =
        Address.of(Hash.sha256(ByteBuffer.allocate(9).put((byte) 1).putLong(i).array()));
    return Coin.of(
        TxOutput.of(Amount.ofAtoms(i + 1), address), Height.of((int) (i % 500_000)), false);
  }
}
