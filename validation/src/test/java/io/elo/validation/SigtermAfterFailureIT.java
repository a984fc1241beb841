package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.model.Height;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 5: after an {@code OutOfMemoryError} killed the chain writer in the middle of a
 * UTXO flush, a SIGTERM closed the store with a commit of the half-written transaction plus the
 * clean-shutdown marker, and the next start found a digest mismatch ("7,109 coins counted, 7,117
 * committed") and rebuilt the UTXO set. Replayed here over a real process ({@link
 * SigtermAfterFailureChild}, a real OutOfMemoryError in {@code MapDbChainStore.commit}, a real
 * SIGTERM): the store must open without being reset (verifying its records after the unclean
 * close is expected) and the chain state must reach the last stored block with exactly the UTXO
 * set of a fresh replay.
 */
class SigtermAfterFailureIT {
  private static final int BLOCKS = 30;
  private static final int ARM_AT = BLOCKS;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void sigtermAfterTheWriterDiedInAFlush_leavesAStoreThatOpensWithoutReset() throws Exception {
    TestChainBuilder chain = TestChainBuilder.of(ChainStateCrashChild.PARAMS);
    List<Block> blocks = new SpendingChain(chain, 1, 5).extend(chain.genesis(), BLOCKS);
    Path chainFile = dir.resolve("chain.bin");
    ChainStateCrashChild.writeChain(chainFile, blocks);
    Path state = dir.resolve("state");
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A small heap, and deliberately no -XX:+ExitOnOutOfMemoryError: the JVM of the incident,
    // which outlived the error.
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx40m",
                "-cp",
                System.getProperty("java.class.path"),
                SigtermAfterFailureChild.class.getName(),
                state.toString(),
                chainFile.toString(),
                Integer.toString(ARM_AT))
            .redirectError(log.toFile())
            .start();
    int failedAt = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        assertTrue(!line.equals("FLUSHED"), "the flush did not fail: " + Files.readString(log));
        if (line.startsWith("WRITER_DIED ")) {
          failedAt = Integer.parseInt(line.substring(12));
          break;
        }
      }
      assertEquals(ARM_AT, failedAt, "the child died early: " + Files.readString(log));
      assertTrue(
          Files.readString(log).contains("OutOfMemoryError"),
          "the writer died of a real OutOfMemoryError: " + Files.readString(log));
      child.destroy(); // SIGTERM: the shutdown hook closes the chain state
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ignored SIGTERM");
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }

    // open, not openOrReset: a store that needs a reset fails here.
    MapDbChainStore store =
        MapDbChainStore.open(state.resolve("chain.db"), MapDbChainStore.Options.DEFAULT);
    ChainState reopened =
        ChainStates.builder(chain.params(), new MutableClock(chain.clockStart()))
            .blockStore(FileBlockStore.open(state.resolve("blocks")))
            .chainStore(store)
            .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
            .build();
    try {
      assertEquals(failedAt, reopened.tip().height().value(), "every stored block reconnected");
      ChainState reference =
          ChainStates.inMemory(chain.params(), new MutableClock(chain.clockStart()));
      for (int height = 1; height <= failedAt; height++) {
        assertTrue(
            reference.submitBlock(reopened.blockAt(Height.of(height)).orElseThrow())
                instanceof BlockSubmitResult.Connected);
      }
      assertEquals(reference.utxoDigest(), reopened.utxoDigest(), "UTXO set at " + failedAt);
      reference.close();
    } finally {
      reopened.close();
    }
  }
}
