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
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The incrementally kept {@link StoreDigest} always equals one computed from scratch: for the sum
 * arithmetic against {@link BigInteger}, for batches applied with {@link InMemoryChainStore}'s
 * semantics, and for {@link MapDbChainStore}'s committed digest, also after an unclean reopen.
 */
class StoreDigestPropertyTest {
  private static final int KEYS = 16;
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  /** One change: put ({@code seed >= 0}) or delete of coin or undo record {@code key}. */
  record Change(boolean undo, int key, int seed) {}

  @Property(tries = 1000)
  void sum_isTheSumOfRecordHashesModulo2To256(@ForAll("signedRecords") List<byte[]> records)
      throws Exception {
    StoreDigest.Accumulator digest = StoreDigest.EMPTY.toAccumulator();
    BigInteger expected = BigInteger.ZERO;
    long count = 0;
    java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
    for (byte[] r : records) {
      byte[] key = Arrays.copyOfRange(r, 1, 5);
      byte[] value = Arrays.copyOfRange(r, 5, r.length);
      sha256.update(key);
      BigInteger h = new BigInteger(1, sha256.digest(value));
      if (r[0] >= 0) {
        digest.addCoin(key, value);
        expected = expected.add(h);
        count++;
      } else {
        digest.removeCoin(key, value);
        expected = expected.subtract(h);
        count--;
      }
    }
    ByteBuffer encoded = ByteBuffer.wrap(digest.build().encode());
    assertEquals(count, encoded.getLong());
    byte[] sum = new byte[32];
    encoded.get(sum);
    assertEquals(expected.mod(MODULUS), new BigInteger(1, sum));
  }

  @Property(tries = 1000)
  void inMemorySemantics_incrementalDigestEqualsRecompute(
      @ForAll("batches") List<List<Change>> batches) throws StoreException {
    InMemoryChainStore store = new InMemoryChainStore();
    StoreDigest digest = StoreDigest.EMPTY;
    int height = 0;
    for (List<Change> changes : batches) {
      StoreBatch batch = batch(changes, ++height);
      // The incremental rule MapDbChainStore follows, with old values from the model store.
      StoreDigest.Accumulator next = digest.toAccumulator();
      for (OutPoint o : batch.coinDeletes()) {
        store.coin(o).ifPresent(c -> next.removeCoin(key(o), StoreCodec.encodeCoin(c)));
      }
      for (Map.Entry<OutPoint, Coin> e : batch.coinPuts().entrySet()) {
        store.coin(e.getKey()).ifPresent(c -> next.removeCoin(key(e.getKey()), encode(c)));
        next.addCoin(key(e.getKey()), encode(e.getValue()));
      }
      for (Hash b : batch.undoDeletes()) {
        store.undo(b).ifPresent(u -> next.removeUndo(b.toBytes(), StoreCodec.encodeUndo(u)));
      }
      for (Map.Entry<Hash, BlockUndo> e : batch.undoPuts().entrySet()) {
        store.undo(e.getKey()).ifPresent(u -> next.removeUndo(e.getKey().toBytes(), encode(u)));
        next.addUndo(e.getKey().toBytes(), encode(e.getValue()));
      }
      digest = next.tip(StoreCodec.encodeTip(batch.tip(), batch.tipHeight())).build();
      store.commit(batch);
      assertEquals(recompute(store), digest, "after batch " + height);
    }
  }

  @Property(tries = 40)
  void mapDbStore_committedDigestEqualsRecompute_alsoAfterAnUncleanReopen(
      @ForAll("batches") List<List<Change>> batches) throws Exception {
    Path dir = Files.createTempDirectory("elo-digest");
    Path file = dir.resolve("chain.db");
    try {
      InMemoryChainStore model = new InMemoryChainStore();
      int height = 0;
      try (MapDbChainStore store = MapDbChainStore.open(file, MapDbChainStore.Options.DEFAULT)) {
        for (List<Change> changes : batches) {
          StoreBatch batch = batch(changes, ++height);
          store.commit(batch);
          model.commit(batch);
          assertEquals(recompute(model), store.digest(), "after batch " + height);
        }
      }
      RawMapDb.markUnclean(file);
      try (MapDbChainStore store = MapDbChainStore.open(file, MapDbChainStore.Options.DEFAULT)) {
        assertEquals(true, store.rewrittenAtOpen());
        assertEquals(recompute(model), store.digest());
        Map<OutPoint, Coin> coins = new HashMap<>();
        store.forEachCoin(coins::put);
        Map<OutPoint, Coin> expected = new HashMap<>();
        model.forEachCoin(expected::put);
        assertEquals(expected, coins);
      }
    } finally {
      delete(dir);
    }
  }

  private static StoreBatch batch(List<Change> changes, int height) {
    StoreBatch.Builder b = StoreBatch.builder();
    for (Change c : changes) {
      if (c.undo()) {
        if (c.seed() >= 0) {
          b.putUndo(hash(c.key()), undo(c.seed(), c.seed() % 3));
        } else {
          b.deleteUndo(hash(c.key()));
        }
      } else if (c.seed() >= 0) {
        b.putCoin(outPoint(c.key(), c.key() % 2), coin(c.seed()));
      } else {
        b.deleteCoin(outPoint(c.key(), c.key() % 2));
      }
    }
    return b.build(hash(-1, height), Height.of(height));
  }

  /** The digest of {@code store}'s records computed from scratch (keys are from a small range). */
  private static StoreDigest recompute(InMemoryChainStore store) throws StoreException {
    Map<OutPoint, Coin> coins = new HashMap<>();
    store.forEachCoin(coins::put);
    Map<Hash, BlockUndo> undo = new HashMap<>();
    for (int key = 0; key < KEYS; key++) {
      Hash block = hash(key);
      store.undo(block).ifPresent(u -> undo.put(block, u));
    }
    return StoreDigests.of(coins, undo, store.flushedTip(), store.flushedHeight());
  }

  private static byte[] key(OutPoint o) {
    return StoreCodec.encodeOutPoint(o);
  }

  private static byte[] encode(Coin c) {
    return StoreCodec.encodeCoin(c);
  }

  private static byte[] encode(BlockUndo u) {
    return StoreCodec.encodeUndo(u);
  }

  @Provide
  Arbitrary<List<List<Change>>> batches() {
    Arbitrary<Change> change =
        Combinators.combine(
                Arbitraries.integers().between(0, 3).map(n -> n == 0),
                Arbitraries.integers().between(0, KEYS - 1),
                Arbitraries.integers().between(-300, 1_000))
            .as(Change::new);
    return change.list().ofMaxSize(20).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<byte[]>> signedRecords() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(5).ofMaxSize(60).list().ofMaxSize(30);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
