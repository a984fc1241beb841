package io.elo.validation;

import io.elo.crypto.SignatureCache;
import io.elo.model.Block;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The child process of {@link SigtermAfterFailureIT}, replaying issue 14's incident: a node-like
 * chain state on MapDB (opened with {@code openOrReset}, closed by a shutdown hook as {@code elo
 * node} does) whose chain writer thread dies of an {@link OutOfMemoryError} inside a UTXO flush,
 * in a JVM that lives on (no {@code -XX:+ExitOnOutOfMemoryError}) until a SIGTERM.
 *
 * <p>Arguments: the state directory, the chain file ({@link ChainStateCrashChild#writeChain}) and
 * the height after which the writer flushes, and fails. Prints {@code DURABLE <height>} after each
 * block and {@code WRITER_DIED <height>} once the writer thread is dead, then waits for the signal.
 */
public final class SigtermAfterFailureChild {
  private SigtermAfterFailureChild() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    List<Block> blocks = ChainStateCrashChild.readChain(Path.of(args[1]));
    int armAt = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    Instant start = TestChainBuilder.of(ChainStateCrashChild.PARAMS).clockStart();
    long origin = System.nanoTime();
    InstantSource clock = () -> start.plusNanos(System.nanoTime() - origin);
    FaultyChainStore store =
        new FaultyChainStore(
            MapDbChainStore.openOrReset(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT));
    ChainState state =
        ChainState.builder(ChainStateCrashChild.PARAMS)
            .blockStore(FileBlockStore.open(dir.resolve("blocks")))
            .chainStore(store)
            .executor(Runnable::run)
            .signatureCache(new SignatureCache(100_000))
            .clock(clock)
            // Nothing flushes before the failing flush, which so holds every block's coins.
            .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    state.close();
                  } catch (StoreException e) {
                    e.printStackTrace();
                  }
                },
                "shutdown"));
    int[] durable = {0};
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int height = 1; height <= armAt; height++) {
                  state.submitBlock(blocks.get(height - 1));
                  durable[0] = height;
                  out.println("DURABLE " + height);
                }
                store.inflateNextCommit();
                state.flush(); // the writer's periodic flush, now out of memory half-way
              } catch (StoreException e) {
                throw new IllegalStateException(e);
              }
              out.println("FLUSHED");
            },
            "chain-writer");
    writer.start();
    writer.join();
    // The writer died with the OutOfMemoryError (its stack trace is on standard error).
    out.println("WRITER_DIED " + durable[0]);
    out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
