package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elo.crypto.SignatureCache;
import io.elo.model.Block;
import io.elo.model.Height;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with durability: a child JVM ({@link ChainStateCrashChild}) connects a deterministic chain
 * with spends on MapDB and block files and is killed with SIGKILL at random moments, a part of them
 * right after it announced the start of a UTXO flush (so during the MapDB commit). After each kill
 * the directory is reopened here and must hold every block the child reported durable, on the
 * expected chain, with exactly the UTXO set a fresh in-memory chain state computes from the stored
 * best chain. Then a new child continues from the reopened tip.
 */
class ChainStateCrashIT {
  private static final int BLOCKS = 2_500;
  private static final int TXS_PER_BLOCK = 5;
  private static final int KILLS = 24;
  private static final int MIN_FLUSH_KILLS = 8;
  private static final long SEED = 20_240_601L;

  @TempDir static Path dir;

  private static List<Block> blocks;
  private static Path chainFile;
  // Signatures verified once need not be verified again by each round's reference replay.
  private static final SignatureCache REFERENCE_SIGNATURES = new SignatureCache(100_000);
  private static ScheduledExecutorService watchdog;

  @BeforeAll
  static void buildChain() throws IOException {
    TestChainBuilder chain = TestChainBuilder.of(ChainStateCrashChild.PARAMS);
    blocks = new SpendingChain(chain, 1, TXS_PER_BLOCK).extend(chain.genesis(), BLOCKS);
    chainFile = dir.resolve("chain.bin");
    ChainStateCrashChild.writeChain(chainFile, blocks);
    watchdog = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stopWatchdog() {
    watchdog.shutdownNow();
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void killedAtRandomMoments_reopensWithEveryDurableBlockAndAConsistentUtxoSet() throws Exception {
    Path state = dir.resolve("state");
    SplittableRandom random = new SplittableRandom(SEED);
    int kills = 0;
    int flushKills = 0;
    int killsInsideCommit = 0;
    int lastDurable = 0;
    List<String> heights = new ArrayList<>();
    for (int round = 0; kills < KILLS || flushKills < MIN_FLUSH_KILLS; round++) {
      assertTrue(round < 3 * KILLS, "too many rounds without a kill");
      boolean atFlush = round % 2 == 0;
      Run run = runChild(state, round, atFlush, random);
      lastDurable = Math.max(lastDurable, run.lastDurable);
      if (run.reachedEnd) {
        fail("the chain ended before enough kills: " + kills + " kills; raise BLOCKS");
      }
      kills++;
      if (atFlush) {
        flushKills++;
        if (run.killedInsideCommit) {
          killsInsideCommit++;
        }
      }
      int tip = checkReopened(state, lastDurable);
      heights.add(run.lastDurable + (atFlush ? "F" : "") + "->" + tip);
    }
    System.out.printf(
        "ChainStateCrashIT: %d kills, %d right after a flush started (%d of them before the"
            + " commit finished); last durable height %d; per kill durable->reopened tip: %s%n",
        kills, flushKills, killsInsideCommit, lastDurable, heights);
    assertTrue(killsInsideCommit >= 1, "no kill landed inside a MapDB commit");
  }

  /** The outcome of one child run. */
  private record Run(int lastDurable, boolean reachedEnd, boolean killedInsideCommit) {}

  /**
   * Starts a child and kills it: at a flush start (after skipping zero or one of them) or after a
   * random number of durable blocks plus a random pause of up to 2 ms.
   */
  private Run runChild(Path state, int round, boolean atFlush, SplittableRandom random)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError", // as a node runs
                "-cp",
                System.getProperty("java.class.path"),
                ChainStateCrashChild.class.getName(),
                state.toString(),
                chainFile.toString())
            .redirectError(dir.resolve("child-" + round + ".log").toFile())
            .start();
    var guard = watchdog.schedule(() -> child.toHandle().destroyForcibly(), 90, TimeUnit.SECONDS);
    int flushesToSkip = random.nextInt(2);
    int durableTarget = 1 + random.nextInt(60);
    long pauseNanos = random.nextLong(2_000_000);
    int lastDurable = 0;
    int durableThisRun = 0;
    boolean killed = false;
    boolean reachedEnd = false;
    boolean commitFinished = false;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("DURABLE ")) {
          lastDurable = Integer.parseInt(line.substring(8));
          durableThisRun++;
        } else if (line.startsWith("FAILED")) {
          fail("child: " + line);
        } else if (line.equals("DONE")) {
          reachedEnd = true;
        } else if (killed && line.startsWith("FLUSH_END")) {
          commitFinished = true;
        }
        if (killed) {
          continue; // drain what the child printed before it died
        }
        // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
        // pipe, losing the lines the child printed just before it died.
        if (atFlush && line.startsWith("FLUSH_START") && flushesToSkip-- == 0) {
          child.toHandle().destroyForcibly();
          killed = true;
        } else if (!atFlush && line.startsWith("DURABLE ") && durableThisRun >= durableTarget) {
          LockSupport.parkNanos(pauseNanos);
          child.toHandle().destroyForcibly();
          killed = true;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
      guard.cancel(false);
    }
    if (!reachedEnd) {
      assertTrue(killed, () -> "child ended without a kill: " + childLog(round));
    }
    return new Run(lastDurable, reachedEnd, atFlush && !commitFinished);
  }

  /**
   * Reopens the directory and checks it: tip at or above the last durable height and on the
   * expected chain, UTXO digest equal to a fresh in-memory replay of the stored best chain.
   */
  private int checkReopened(Path state, int lastDurable) throws StoreException {
    ChainState reopened =
        ChainStates.builder(ChainStateCrashChild.PARAMS, new MutableClock(clockStart()))
            .blockStore(FileBlockStore.open(state.resolve("blocks")))
            .chainStore(
                MapDbChainStore.openOrReset(state.resolve("chain.db"), MapDbChainStore.Options.DEFAULT))
            .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
            .build();
    try {
      int tip = reopened.tip().height().value();
      assertTrue(tip >= lastDurable, "tip " + tip + " below durable height " + lastDurable);
      assertEquals(blocks.get(tip - 1).hash(), reopened.tip().hash(), "tip off the chain");
      ChainState reference =
          ChainStates.builder(ChainStateCrashChild.PARAMS, new MutableClock(clockStart()))
              .signatureCache(REFERENCE_SIGNATURES)
              .cacheLimits(new CoinsCache.Limits(1L << 30, 1_000_000, Duration.ofDays(1)))
              .blockStore(InMemoryBlockStore.create())
              .chainStore(new InMemoryChainStore())
              .build();
      for (int height = 1; height <= tip; height++) {
        Block block = reopened.blockAt(Height.of(height)).orElseThrow();
        assertTrue(reference.submitBlock(block) instanceof BlockSubmitResult.Connected);
      }
      assertEquals(reference.utxoDigest(), reopened.utxoDigest(), "UTXO set at height " + tip);
      reference.close();
      return tip;
    } finally {
      reopened.close();
    }
  }

  private static String childLog(int round) {
    try {
      return Files.readString(dir.resolve("child-" + round + ".log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static java.time.Instant clockStart() {
    return TestChainBuilder.of(ChainStateCrashChild.PARAMS).clockStart();
  }
}
