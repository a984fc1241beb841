package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.validation.MapDbChainStore.Access;
import io.elo.validation.MapDbChainStore.Layout;
import io.elo.validation.MapDbChainStore.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link MapDbChainStore#open} does after an unclean shutdown: verify every record against the
 * committed digest, refuse a store changed behind its back, rewrite a verified one into a fresh
 * file, and finish or discard a rewrite that a crash interrupted.
 */
class MapDbChainStoreRecoveryTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("chain.db");
  }

  /** Commits two batches (coins put and spent, undo records) and closes the store cleanly. */
  private void writeTwoBatches(Options options) throws StoreException {
    try (MapDbChainStore store = MapDbChainStore.open(file(), options)) {
      StoreBatch.Builder first = StoreBatch.builder();
      for (int i = 0; i < 500; i++) {
        first.putCoin(outPoint(i, i % 3), coin(i));
      }
      store.commit(first.putUndo(hash(1), undo(1, 3)).build(hash(7, 1), Height.of(1)));
      StoreBatch.Builder second = StoreBatch.builder();
      for (int i = 0; i < 100; i++) {
        second.deleteCoin(outPoint(i, i % 3));
        second.putCoin(outPoint(1_000 + i, 0), coin(1_000 + i));
      }
      second.putCoin(outPoint(200, 200 % 3), coin(99_999));
      store.commit(second.putUndo(hash(2), undo(2, 5)).build(hash(7, 2), Height.of(2)));
    }
  }

  private static Map<OutPoint, Coin> expectedCoins() {
    Map<OutPoint, Coin> coins = new HashMap<>();
    for (int i = 100; i < 500; i++) {
      coins.put(outPoint(i, i % 3), coin(i));
    }
    for (int i = 0; i < 100; i++) {
      coins.put(outPoint(1_000 + i, 0), coin(1_000 + i));
    }
    coins.put(outPoint(200, 200 % 3), coin(99_999));
    return coins;
  }

  private static void assertHoldsTwoBatches(MapDbChainStore store) throws StoreException {
    Map<OutPoint, Coin> coins = new HashMap<>();
    store.forEachCoin(coins::put);
    assertEquals(expectedCoins(), coins);
    Map<Hash, BlockUndo> undos = new HashMap<>();
    store.forEachUndo(undos::put);
    assertEquals(Map.of(hash(1), undo(1, 3), hash(2), undo(2, 5)), undos);
    assertEquals(Optional.of(hash(7, 2)), store.flushedTip());
    assertEquals(
        StoreDigests.of(coins, undos, store.flushedTip(), store.flushedHeight()), store.digest());
  }

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void uncleanOpen_rewritesTheStoreKeepingEveryRecord() throws Exception {
    for (Options options :
        List.of(Options.DEFAULT, new Options(Access.FILE_CHANNEL, Layout.HASH_TREE))) {
      writeTwoBatches(options);
      RawMapDb.markUnclean(file());
      Object before = Files.readAttributes(file(), "unix:ino").get("ino");

      try (MapDbChainStore store = MapDbChainStore.open(file(), options)) {
        assertTrue(store.rewrittenAtOpen());
        assertHoldsTwoBatches(store);
        assertFalse(before.equals(Files.readAttributes(file(), "unix:ino").get("ino")));
        store.commit(StoreBatch.builder().deleteUndo(hash(1)).build(hash(7, 3), Height.of(3)));
      }
      assertEquals(List.of("chain.db"), files(), "no rewrite or log files left");
      try (MapDbChainStore store = MapDbChainStore.open(file(), options)) {
        assertFalse(store.rewrittenAtOpen(), "a clean open does not rewrite");
        assertEquals(Optional.empty(), store.undo(hash(1)));
        assertEquals(expectedCoins().size(), store.coinCount());
      }
      Files.delete(file());
    }
  }

  @Test
  void uncleanOpen_refusesACoinChangedBehindItsBack() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    // A valid coin encoding, so only the digest can tell: as if a torn free-space list had let
    // another record overwrite this one.
    RawMapDb.change(
        file(),
        c -> {
          c.coins()
              .put(StoreCodec.encodeOutPoint(outPoint(300, 0)), StoreCodec.encodeCoin(coin(1)));
          c.meta().remove(MapDbChainStore.CLEAN_SHUTDOWN);
        });

    StoreException e =
        assertThrows(StoreException.class, () -> MapDbChainStore.open(file(), Options.DEFAULT));

    assertTrue(e.isCorruption());
    assertTrue(e.getCause().getMessage().contains("digest mismatch"), e.getCause().getMessage());
    assertFalse(Files.exists(MapDbFiles.rebuild(file())), "the rewrite is discarded");
    assertFalse(Files.exists(MapDbFiles.rebuilt(file())));
    try (MapDbChainStore reset = MapDbChainStore.openOrReset(file(), Options.DEFAULT)) {
      assertEquals(0, reset.coinCount());
      assertEquals(Optional.empty(), reset.flushedTip());
    }
    assertTrue(Files.exists(dir.resolve("chain.db.corrupt-0")));
  }

  @Test
  void uncleanOpen_refusesAnUndoRecordChangedBehindItsBack() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    RawMapDb.change(
        file(),
        c -> {
          c.undo().put(hash(2).toBytes(), StoreCodec.encodeUndo(undo(3, 5)));
          c.meta().remove(MapDbChainStore.CLEAN_SHUTDOWN);
        });

    StoreException e =
        assertThrows(StoreException.class, () -> MapDbChainStore.open(file(), Options.DEFAULT));

    assertTrue(e.isCorruption());
    assertTrue(e.getCause().getMessage().contains("digest mismatch"), e.getCause().getMessage());
  }

  @Test
  void uncleanOpen_refusesATipThatDoesNotMatchTheDigest() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    RawMapDb.change(
        file(),
        c -> {
          c.meta().put(MapDbChainStore.TIP, StoreCodec.encodeTip(hash(7, 1), Height.of(1)));
          c.meta().remove(MapDbChainStore.CLEAN_SHUTDOWN);
        });

    StoreException e =
        assertThrows(StoreException.class, () -> MapDbChainStore.open(file(), Options.DEFAULT));

    assertTrue(e.isCorruption());
  }

  @Test
  void cleanOpen_refusesACoinCountThatDiffersFromTheDigest() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    RawMapDb.change(file(), c -> c.coins().remove(StoreCodec.encodeOutPoint(outPoint(300, 0))));

    StoreException e =
        assertThrows(StoreException.class, () -> MapDbChainStore.open(file(), Options.DEFAULT));

    assertTrue(e.isCorruption());
    assertTrue(e.getCause().getMessage().contains("digest mismatch"), e.getCause().getMessage());
  }

  @Test
  void open_computesTheDigestOfAStoreWrittenWithoutOne() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    RawMapDb.change(file(), c -> c.meta().remove(MapDbChainStore.DIGEST));

    try (MapDbChainStore store = MapDbChainStore.open(file(), Options.DEFAULT)) {
      assertFalse(store.rewrittenAtOpen());
      assertHoldsTwoBatches(store);
    }
    RawMapDb.change(
        file(),
        c -> {
          assertTrue(c.meta().containsKey(MapDbChainStore.DIGEST), "digest committed at open");
          c.meta().remove(MapDbChainStore.CLEAN_SHUTDOWN);
        });
    try (MapDbChainStore store = MapDbChainStore.open(file(), Options.DEFAULT)) {
      assertTrue(store.rewrittenAtOpen());
      assertHoldsTwoBatches(store);
    }
  }

  @Test
  void open_discardsARewriteACrashInterruptedBeforeItCompleted() throws Exception {
    writeTwoBatches(Options.DEFAULT);
    RawMapDb.markUnclean(file());
    Files.write(MapDbFiles.rebuild(file()), new byte[] {1, 2, 3});
    Files.write(dir.resolve("chain.db.rebuild.wal.0"), new byte[] {4, 5});

    try (MapDbChainStore store = MapDbChainStore.open(file(), Options.DEFAULT)) {
      assertTrue(store.rewrittenAtOpen());
      assertHoldsTwoBatches(store);
    }
    assertEquals(List.of("chain.db"), files());
  }

  @Test
  void open_finishesARewriteACrashInterruptedAfterItCompleted() throws Exception {
    // The completed rewrite holds two batches; the old file only the first, with a log file that
    // must not be replayed into the new one.
    writeTwoBatches(Options.DEFAULT);
    Path two = dir.resolve("two.db");
    Files.move(file(), two);
    try (MapDbChainStore old = MapDbChainStore.open(file(), Options.DEFAULT)) {
      old.commit(
          StoreBatch.builder().putCoin(outPoint(5, 5), coin(5)).build(hash(3), Height.of(9)));
    }
    Files.move(two, MapDbFiles.rebuilt(file()));
    byte[] garbage = new byte[4096];
    java.util.Arrays.fill(garbage, (byte) 0x5a);
    Files.write(dir.resolve("chain.db.wal.0"), garbage);

    try (MapDbChainStore store = MapDbChainStore.open(file(), Options.DEFAULT)) {
      assertHoldsTwoBatches(store);
    }
    assertEquals(List.of("chain.db"), files());
  }

  @Test
  void walFiles_areOnlyMapDbLogFiles() throws Exception {
    for (String name :
        List.of(
            "chain.db",
            "chain.db.wal.0",
            "chain.db.wal.12",
            "chain.db.wal.0.corrupt-0",
            "chain.db.rebuild",
            "chain.db.rebuild.wal.0",
            "chain.dbx.wal.0")) {
      Files.write(dir.resolve(name), new byte[0]);
    }
    assertEquals(
        List.of("chain.db.wal.0", "chain.db.wal.12"),
        MapDbFiles.walFiles(file()).stream()
            .map(p -> p.getFileName().toString())
            .sorted()
            .toList());
    assertArrayEquals(new byte[0], Files.readAllBytes(file()));
  }
}
