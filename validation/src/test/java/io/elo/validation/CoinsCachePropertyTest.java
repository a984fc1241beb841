package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random add, spend, get, undo and flush sequences through a small {@link CoinsCache} over a {@link
 * MapDbChainStore} show the same coins and undo records as a plain map model, and after a final
 * flush and reopen the store alone holds exactly the model's state.
 */
class CoinsCachePropertyTest {
  private static final int KEYS = 24;

  /** One step; {@code key} picks an out-point or block, {@code seed} a coin or undo record. */
  record Op(Kind kind, int key, int seed) {}

  enum Kind {
    ADD,
    SPEND,
    GET,
    PUT_UNDO,
    REMOVE_UNDO,
    FLUSH
  }

  @Property(tries = 150)
  void cacheOverMapDb_matchesMapModel_andSurvivesReopen(
      @ForAll("ops") List<Op> ops, @ForAll("limits") CoinsCache.Limits limits)
      throws IOException, StoreException {
    Path dir = Files.createTempDirectory("elo-coins-cache");
    try {
      run(ops, limits, dir.resolve("chain.db"));
    } finally {
      delete(dir);
    }
  }

  private void run(List<Op> ops, CoinsCache.Limits limits, Path file) throws StoreException {
    Map<OutPoint, Coin> coins = new HashMap<>();
    Map<Hash, BlockUndo> undos = new HashMap<>();
    int height = 0;
    MapDbChainStore store = MapDbChainStore.open(file, MapDbChainStore.Options.DEFAULT);
    CoinsCache cache = CoinsCache.create(store, limits, new ManualClock());
    for (Op op : ops) {
      OutPoint outPoint = outPoint(op.key(), op.key() % 2);
      Hash block = hash(op.key());
      switch (op.kind()) {
        case ADD -> {
          // The caller's contract: never add over an unspent coin.
          if (!coins.containsKey(outPoint)) {
            cache.add(outPoint, coin(op.seed()));
            coins.put(outPoint, coin(op.seed()));
          }
        }
        case SPEND ->
            assertEquals(
                Optional.ofNullable(coins.remove(outPoint)), cache.spend(outPoint), op.toString());
        case GET ->
            assertEquals(
                Optional.ofNullable(coins.get(outPoint)), cache.get(outPoint), op.toString());
        case PUT_UNDO -> {
          cache.putUndo(block, undo(op.seed(), op.seed() % 4));
          undos.put(block, undo(op.seed(), op.seed() % 4));
        }
        case REMOVE_UNDO -> {
          cache.removeUndo(block);
          undos.remove(block);
        }
        case FLUSH -> cache.flush(hash(-1, ++height), Height.of(height));
      }
      if (cache.shouldFlush()) {
        cache.flush(hash(-1, ++height), Height.of(height));
      }
    }
    for (int key = 0; key < KEYS; key++) {
      OutPoint outPoint = outPoint(key, key % 2);
      assertEquals(Optional.ofNullable(coins.get(outPoint)), cache.get(outPoint));
      assertEquals(Optional.ofNullable(undos.get(hash(key))), cache.undo(hash(key)));
    }

    cache.flush(hash(-1, ++height), Height.of(height));
    store.close();
    try (MapDbChainStore reopened = MapDbChainStore.open(file, MapDbChainStore.Options.DEFAULT)) {
      Map<OutPoint, Coin> stored = new HashMap<>();
      reopened.forEachCoin(stored::put);
      assertEquals(coins, stored);
      assertEquals(coins.size(), reopened.coinCount());
      for (int key = 0; key < KEYS; key++) {
        assertEquals(Optional.ofNullable(undos.get(hash(key))), reopened.undo(hash(key)));
      }
      assertEquals(Optional.of(hash(-1, height)), reopened.flushedTip());
      assertEquals(Optional.of(Height.of(height)), reopened.flushedHeight());
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS - 1);
    Arbitrary<Integer> seeds = Arbitraries.integers().between(0, 1_000);
    Arbitrary<Kind> kinds =
        Arbitraries.frequency(
            Tuple.of(6, Kind.ADD),
            Tuple.of(5, Kind.SPEND),
            Tuple.of(3, Kind.GET),
            Tuple.of(2, Kind.PUT_UNDO),
            Tuple.of(1, Kind.REMOVE_UNDO),
            Tuple.of(1, Kind.FLUSH));
    return Combinators.combine(kinds, keys, seeds).as(Op::new).list().ofMaxSize(120);
  }

  @Provide
  Arbitrary<CoinsCache.Limits> limits() {
    return Arbitraries.integers()
        .between(1, 40)
        .map(n -> new CoinsCache.Limits(1L << 30, n, Duration.ofSeconds(10)));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
