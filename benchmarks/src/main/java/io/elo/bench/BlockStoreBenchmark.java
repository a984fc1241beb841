package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.validation.FileBlockStore;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Durable block writes to {@link FileBlockStore}, per block: one fsync per block ({@code put})
 * against one fsync per 16 blocks ({@code putAll}), with a bare 1 KB append + fsync as baseline.
 * Blocks are about 1 KB (a coinbase with 24 outputs) and built outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockStoreBenchmark {
  private static final int GROUP = 16;

  private Path dir;
  private FileBlockStore store;
  private FileChannel raw;
  private final ByteBuffer kilobyte = ByteBuffer.allocate(1024);
  private int height;
  private Hash parent = Hash.ZERO;

  @Setup(Level.Iteration)
  public void open() throws IOException, StoreException {
    dir = Files.createTempDirectory("elo-blockstore-bench");
    store = FileBlockStore.open(dir.resolve("blocks"));
    raw =
        FileChannel.open(
            dir.resolve("raw.dat"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
  }

  /** The next blocks to store, built outside the measurement. */
  @State(Scope.Thread)
  public static class NextBlocks {
    Block one;
    List<Block> group;

    /** Builds one block for {@code putOne} and sixteen for {@code putAllSixteen}. */
    @Setup(Level.Invocation)
    public void build(BlockStoreBenchmark bench) {
      one = bench.nextBlock();
      group = new ArrayList<>(GROUP);
      for (int i = 0; i < GROUP; i++) {
        group.add(bench.nextBlock());
      }
    }
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException, StoreException {
    store.close();
    raw.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** Baseline: append 1 KB and fsync. */
  @Benchmark
  public int rawAppendAndForce() throws IOException {
    kilobyte.clear();
    int n = raw.write(kilobyte);
    raw.force(false);
    return n;
  }

  /** One block, durable on return. */
  @Benchmark
  public Block putOne(NextBlocks next) throws StoreException {
    store.put(next.one);
    return next.one;
  }

  /** Sixteen blocks with one fsync; the score is per block. */
  @Benchmark
  @OperationsPerInvocation(GROUP)
  public List<Block> putAllSixteen(NextBlocks next) throws StoreException {
    store.putAll(next.group);
    return next.group;
  }

  Block nextBlock() {
    int h = ++height;
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Address to = Address.of(Hash.sha256(ByteBuffer.allocate(8).putInt(h).putInt(i).array()));
      outputs.add(TxOutput.of(Amount.ofAtoms(i + 1L), to));
    }
    List<Transaction> txs = List.of(Transaction.coinbase(Height.of(h), new byte[4], outputs));
    BlockHeader header =
        BlockHeader.of(1, parent, Block.computeMerkleRoot(txs), 1_700_000_000L + h, 0, 0);
    Block block = Block.of(header, txs);
    parent = block.hash();
    return block;
  }
}
