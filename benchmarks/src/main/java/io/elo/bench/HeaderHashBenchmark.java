package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.crypto.HeaderHasher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Double SHA-256 of an 85-byte header (84 fixed bytes and an empty seal), the way a miner does it:
 * only the nonce changes between calls.
 *
 * <p>Baseline: a plain {@link MessageDigest} double hash of the whole header.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderHashBenchmark {
  private static final int HEADER_LENGTH = 85;
  private static final int NONCE_OFFSET = 80;

  private final byte[] header = new byte[HEADER_LENGTH];
  private final byte[] tail = new byte[HEADER_LENGTH - 64];
  private final byte[] out = new byte[32];
  private HeaderHasher midstate;
  private MessageDigest digest;
  private int nonce;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    new SplittableRandom(1).nextBytes(header);
    header[HEADER_LENGTH - 1] = 0;
    System.arraycopy(header, 64, tail, 0, tail.length);
    midstate = HeaderHasher.forPrefix(header);
    digest = MessageDigest.getInstance("SHA-256");
  }

  /** Baseline: two full SHA-256 passes with a reused digest. */
  @Benchmark
  public byte[] plainMessageDigest() {
    putNonce(header, NONCE_OFFSET, nonce++);
    digest.update(header);
    byte[] first = digest.digest();
    return digest.digest(first);
  }

  /** Ours, whole header: {@link HeaderHasher#hash}. */
  @Benchmark
  public Hash headerHasherFull() {
    putNonce(header, NONCE_OFFSET, nonce++);
    return HeaderHasher.hash(header);
  }

  /** Ours, mining path: cached midstate, only the 21-byte tail is hashed, no allocation. */
  @Benchmark
  public byte[] headerHasherMidstate() {
    putNonce(tail, NONCE_OFFSET - 64, nonce++);
    midstate.hashWithTail(tail, out);
    return out;
  }

  private static void putNonce(byte[] target, int offset, int value) {
    target[offset] = (byte) value;
    target[offset + 1] = (byte) (value >>> 8);
    target[offset + 2] = (byte) (value >>> 16);
    target[offset + 3] = (byte) (value >>> 24);
  }
}
