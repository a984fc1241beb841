package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.crypto.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** RFC 6962 Merkle root over a block's worth of wtxids. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerkleBenchmark {
  @Param({"1000", "10000"})
  public int leaves;

  private List<Hash> hashes;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(2);
    hashes = new ArrayList<>(leaves);
    byte[] bytes = new byte[32];
    for (int i = 0; i < leaves; i++) {
      random.nextBytes(bytes);
      hashes.add(Hash.fromBytes(bytes));
    }
  }

  /** 2n-1 single SHA-256 compressions of 33 or 65 bytes each. */
  @Benchmark
  public Hash root() {
    return MerkleTree.root(hashes);
  }
}
