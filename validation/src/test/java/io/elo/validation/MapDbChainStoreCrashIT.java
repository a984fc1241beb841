package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.validation.MapDbChainStore.Access;
import io.elo.validation.MapDbChainStore.Layout;
import io.elo.validation.MapDbChainStore.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@link MapDbChainStore}: a child JVM ({@link CrashChild}) commits batches in a
 * loop and is killed with SIGKILL at a random moment; the reopened store (verified against its
 * digest and rewritten, as every open after an unclean shutdown does) must hold exactly the state
 * of one committed batch, coins, undo records and digest, no earlier than the last one the child
 * reported, or refuse to open with a corruption that {@link MapDbChainStore#openOrReset} turns into
 * an empty, usable store: never a wrong state. The timeout only guards against a hang: on a loaded
 * 2-core machine a round (a JVM start, two commits, a kill, a reopen) takes several seconds. Twenty
 * kills with the default options and four with the other access mode. {@link
 * Layout#HASH_TREE} is not run: MapDB 3.1 reopened it corrupt within a few dozen kills in both
 * access modes, and a B-tree was seen corrupt too, more rarely (docs/storage.md).
 */
class MapDbChainStoreCrashIT {
  private static final int DEFAULT_KILLS = 20;
  private static final int OTHER_KILLS = 4;

  @TempDir Path dir;

  private final Random random = new Random(20260101);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void killedAtAnyInstant_reopensAtTheLastCompletedCommit() throws Exception {
    Options defaults = Options.DEFAULT;
    // -Dcrash.only=ACCESS,LAYOUT,KILLS tries one configuration (how HASH_TREE was found unsafe).
    String only = System.getProperty("crash.only");
    if (only != null) {
      String[] p = only.split(",");
      Options options = new Options(Access.valueOf(p[0]), Layout.valueOf(p[1]));
      killRepeatedly(dir.resolve("only.db"), options, Integer.parseInt(p[2]));
      return;
    }
    killRepeatedly(dir.resolve("default.db"), defaults, DEFAULT_KILLS);
    for (Access access : Access.values()) {
      Options other = new Options(access, defaults.layout());
      if (!other.equals(defaults)) {
        killRepeatedly(dir.resolve(access + ".db"), other, OTHER_KILLS);
      }
    }
  }

  private void killRepeatedly(Path file, Options options, int kills) throws Exception {
    int lastReported = 0;
    int committed = 0;
    int childResets = 0;
    int resets = 0;
    int digestMismatches = 0;
    int rewrites = 0;
    for (int round = 0; round < kills; round++) {
      int[] opened = new int[1];
      int reported = runAndKill(file, options, opened);
      if (opened[0] < lastReported) {
        // The child found the store corrupt on its own (clean) open and reset it, as a node does.
        assertEquals(0, opened[0], options + " round " + round + ": child opened an older state");
        childResets++;
        lastReported = 0;
      }
      committed += Math.max(0, reported - lastReported);
      int recovered;
      try (MapDbChainStore store = MapDbChainStore.open(file, options)) {
        // The child was killed, so this open verified every record and rewrote the file.
        assertTrue(store.rewrittenAtOpen(), options + " round " + round + ": not rewritten");
        rewrites++;
        recovered = verify(store);
      } catch (StoreException e) {
        // MapDB 3.1's log does not survive every kill -9; what must never happen is a store
        // that opens with a wrong state. A detected corruption is reset to an empty store, from
        // which the chain state rebuilds the UTXO set out of the block files.
        assertTrue(e.isCorruption(), options + " round " + round + ": not a corruption: " + e);
        if (isDigestMismatch(e)) {
          digestMismatches++;
        }
        resets++;
        System.out.printf("%s round %d: detected corruption: %s%n", options, round, causes(e));
        lastReported = resetAndCheck(file, options);
        continue;
      }
      assertTrue(
          recovered >= Math.max(lastReported, reported),
          options
              + " round "
              + round
              + ": recovered batch "
              + recovered
              + " < reported "
              + reported);
      lastReported = recovered;
    }
    System.out.printf(
        "%s: %d kills, %d batches committed, %d rewrites after a kill, %d corruptions detected"
            + " at the parent's open (%d digest mismatches) and reset, %d resets at the child's"
            + " open%n",
        options, kills, committed, rewrites, resets, digestMismatches, childResets);
    assertTrue(committed > kills, "the child committed too little: " + committed);
  }

  /**
   * Opens a store found corrupt as a node does ({@link MapDbChainStore#openOrReset}): it must be
   * moved aside and the new store empty and usable. Returns the batch it now holds (1).
   */
  private static int resetAndCheck(Path file, Options options) throws StoreException {
    int corruptFiles = countCorruptFiles(file);
    try (MapDbChainStore reset = MapDbChainStore.openOrReset(file, options)) {
      assertEquals(corruptFiles + 1, countCorruptFiles(file), "corrupt store moved aside");
      assertEquals(0, verify(reset), "a reset store is empty");
      reset.commit(CrashBatches.batch(1));
      return verify(reset);
    }
  }

  private static int countCorruptFiles(Path file) {
    String[] names = file.toAbsolutePath().getParent().toFile().list();
    int n = 0;
    for (String name : names) {
      if (name.startsWith(file.getFileName() + ".corrupt-")) {
        n++;
      }
    }
    return n;
  }

  private static boolean isDigestMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("digest mismatch")) {
        return true;
      }
    }
    return false;
  }

  private static String causes(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(s.length() == 0 ? "" : " <- ").append(t);
    }
    return s.length() > 600 ? s.substring(0, 600) + "..." : s.toString();
  }

  /** Starts the child, kills it at a random moment, returns the last batch it reported. */
  private int runAndKill(Path file, Options options, int[] opened) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-XX:+ExitOnOutOfMemoryError", // as a node runs
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashChild.class.getName(),
                    file.toString(),
                    options.access().name(),
                    options.layout().name()))
            .redirectErrorStream(true)
            .start();
    AtomicInteger last = new AtomicInteger(-1);
    // Two commits reported before the kill window opens: on a loaded machine one commit can take
    // longer than the window, and a round that commits nothing proves nothing.
    CountDownLatch committing = new CountDownLatch(2);
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  if (line.startsWith("open ")) {
                    opened[0] = Integer.parseInt(line.substring(5));
                  } else if (line.matches("\\d+")) {
                    last.set(Integer.parseInt(line));
                    committing.countDown();
                  } else if (output.length() < 4000) {
                    output.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // The pipe breaks when the child dies.
              }
            });
    reader.start();
    assertTrue(committing.await(30, TimeUnit.SECONDS) || !child.isAlive(), "child never committed");
    assertTrue(child.isAlive(), "child died by itself:\n" + output);
    // Kill at a random instant of the commit loop (commits take a few to tens of milliseconds).
    Thread.sleep(random.nextInt(300));
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    reader.join(10_000);
    return last.get();
  }

  /**
   * Checks that {@code store} holds exactly the state after its flushed batch: every coin, every
   * undo record, the counts and the digest. Returns the batch.
   */
  private static int verify(MapDbChainStore store) throws StoreException {
    int k = store.flushedHeight().map(Height::value).orElse(0);
    assertEquals(k == 0 ? Optional.empty() : Optional.of(CrashBatches.tip(k)), store.flushedTip());
    Map<OutPoint, Coin> coins = new HashMap<>();
    store.forEachCoin(coins::put);
    assertEquals(CrashBatches.coins(k), coins, "coins after batch " + k);
    assertEquals(coins.size(), store.coinCount());
    Map<Hash, BlockUndo> undo = new HashMap<>();
    store.forEachUndo(undo::put);
    assertEquals(CrashBatches.undoRecords(k), undo, "undo records after batch " + k);
    for (int j = Math.max(1, k - 8); j <= k + 1; j++) {
      assertEquals(
          CrashBatches.hasUndo(k, j),
          store.undo(StoreFixtures.hash(j)).isPresent(),
          "undo " + j + " after batch " + k);
    }
    assertEquals(
        StoreDigests.of(coins, undo, store.flushedTip(), store.flushedHeight()),
        store.digest(),
        "digest after batch " + k);
    return k;
  }
}
