package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressBookTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final NetGroups GROUPS = NetGroups.standard();

  private static InetAddress ip(int a, int b, int c, int d) throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
  }

  private static PeerAddress address(int a, int b, int c, int d) throws UnknownHostException {
    return new PeerAddress(ip(a, b, c, d), 9000);
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }

  private static void add(AddressBook book, PeerAddress address, InetAddress source) {
    book.add(address, Optional.empty(), source, NOW, Duration.ZERO, NOW);
  }

  @Test
  void buckets_areDeterministicForAKey_andChangeWithTheKey() throws Exception {
    AddressBuckets one = new AddressBuckets(key(1), GROUPS);
    AddressBuckets same = new AddressBuckets(key(1), GROUPS);
    AddressBuckets other = new AddressBuckets(key(2), GROUPS);
    NetGroup source = GROUPS.netGroup(ip(9, 9, 9, 9));
    int differ = 0;
    for (int i = 0; i < 50; i++) {
      PeerAddress a = address(20 + i, i, 1, 1);
      assertEquals(one.newBucket(a, source), same.newBucket(a, source));
      assertEquals(one.triedBucket(a), same.triedBucket(a));
      assertEquals(one.position(true, 5, a), same.position(true, 5, a));
      differ += one.newBucket(a, source) != other.newBucket(a, source) ? 1 : 0;
    }
    assertTrue(differ > 40, "another key moves the addresses: " + differ);
  }

  @Test
  void newBuckets_ofOneSourceGroup_areCapped() throws Exception {
    AddressBuckets buckets = new AddressBuckets(key(3), GROUPS);
    NetGroup source = GROUPS.netGroup(ip(9, 9, 9, 9));
    Set<Integer> used = new HashSet<>();
    for (int a = 1; a < 200; a++) {
      for (int b = 0; b < 20; b++) {
        used.add(buckets.newBucket(address(a, b, 0, 1), source));
      }
    }
    assertTrue(used.size() <= AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP, "buckets: " + used.size());
  }

  @Test
  void triedBuckets_ofOneGroup_areCapped() throws Exception {
    AddressBuckets buckets = new AddressBuckets(key(4), GROUPS);
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      used.add(buckets.triedBucket(address(30, 30, i / 250, 1 + i % 250)));
    }
    assertTrue(used.size() <= AddressBook.TRIED_BUCKETS_PER_GROUP, "buckets: " + used.size());
  }

  @Test
  void good_movesAnAddressToTried() throws Exception {
    AddressBook book = new AddressBook(key(5), GROUPS, new Random(1));
    PeerAddress a = address(40, 1, 1, 1);
    add(book, a, ip(9, 9, 9, 9));
    assertEquals(1, book.newCount());
    assertTrue(book.good(a, NOW));
    assertEquals(0, book.newCount());
    assertEquals(1, book.triedCount());
    assertTrue(book.find(a).orElseThrow().tried());
  }

  /** Two addresses whose tried slots collide, found by search (deterministic for the key). */
  private static PeerAddress[] collision(AddressBook book) throws Exception {
    AddressBuckets buckets = book.buckets();
    java.util.Map<Long, PeerAddress> slots = new java.util.HashMap<>();
    for (int i = 0; ; i++) {
      PeerAddress a = address(50, 50, i / 250, 1 + i % 250);
      int bucket = buckets.triedBucket(a);
      long slot = (long) bucket * AddressBook.BUCKET_SIZE + buckets.position(false, bucket, a);
      PeerAddress earlier = slots.putIfAbsent(slot, a);
      if (earlier != null) {
        return new PeerAddress[] {earlier, a};
      }
    }
  }

  @Test
  void triedCollision_keepsTheOldEntryWhenItAnswersItsTest() throws Exception {
    AddressBook book = new AddressBook(key(6), GROUPS, new Random(2));
    PeerAddress[] pair = collision(book);
    add(book, pair[0], ip(9, 9, 9, 9));
    add(book, pair[1], ip(8, 8, 8, 8));
    assertTrue(book.good(pair[0], NOW));
    assertFalse(book.good(pair[1], NOW.plusSeconds(10)), "test before evict");
    assertEquals(Set.of(pair[1]), book.triedCollisions());
    assertEquals(pair[0], book.selectTriedCollision().orElseThrow().address());
    Instant later = NOW.plus(Duration.ofMinutes(5));
    book.good(pair[0], later); // the feeler reached the old entry
    book.resolveCollisions(later);
    assertTrue(book.find(pair[0]).orElseThrow().tried());
    assertFalse(book.find(pair[1]).orElseThrow().tried());
    assertTrue(book.triedCollisions().isEmpty());
  }

  @Test
  void triedCollision_evictsTheOldEntryWhenItFailsItsTest() throws Exception {
    AddressBook book = new AddressBook(key(6), GROUPS, new Random(2));
    PeerAddress[] pair = collision(book);
    add(book, pair[0], ip(9, 9, 9, 9));
    add(book, pair[1], ip(8, 8, 8, 8));
    book.good(pair[0], NOW);
    Instant later = NOW.plus(Duration.ofHours(5));
    book.good(pair[1], later);
    book.attempt(pair[0], true, later.plusSeconds(1)); // the feeler failed
    book.resolveCollisions(later.plus(Duration.ofMinutes(2)));
    assertTrue(book.find(pair[1]).orElseThrow().tried());
    assertFalse(book.find(pair[0]).orElseThrow().tried(), "the old entry went back to new");
    assertTriedListMatchesTable(book);
    for (int i = 0; i < 20; i++) {
      assertEquals(pair[1], book.selectFrom(true, later).orElseThrow().address());
    }
  }

  /** The sampling list holds exactly the tried table's entries. */
  private static void assertTriedListMatchesTable(AddressBook book) {
    Set<AddressEntry> inTable = new java.util.HashSet<>();
    for (AddressEntry[] bucket : book.triedTable) {
      for (AddressEntry entry : bucket) {
        if (entry != null) {
          inTable.add(entry);
        }
      }
    }
    assertEquals(inTable, new java.util.HashSet<>(book.tried));
    assertEquals(inTable.size(), book.tried.size(), "no entry twice");
    assertEquals(inTable.size(), book.triedCount());
  }

  @Test
  void triedSelection_isUniformOverTheTriedEntries() throws Exception {
    AddressBook book = new AddressBook(key(8), GROUPS, new Random(4));
    List<PeerAddress> tried = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      PeerAddress a = address(70 + i, 1, 1, 1);
      add(book, a, ip(9, 9, 9, 9));
      book.good(a, NOW);
      tried.add(a);
    }
    assertTriedListMatchesTable(book);
    java.util.Map<PeerAddress, Integer> counts = new java.util.HashMap<>();
    Instant later = NOW.plus(Duration.ofDays(1)); // nothing tried recently: equal chances
    for (int i = 0; i < 5_000; i++) {
      counts.merge(book.selectFrom(true, later).orElseThrow().address(), 1, Integer::sum);
    }
    assertEquals(Set.copyOf(tried), counts.keySet());
    // Each of 5 is picked 1,000 times on average; a binomial sd is about 28.
    counts.values().forEach(c -> assertTrue(c > 850 && c < 1_150, "counts: " + counts));
  }

  @Test
  void prune_removesAddressesThatKeepFailing() throws Exception {
    AddressBook book = new AddressBook(key(7), GROUPS, new Random(3));
    PeerAddress failing = address(60, 1, 1, 1);
    PeerAddress fine = address(61, 1, 1, 1);
    PeerAddress other = address(62, 1, 1, 1);
    add(book, failing, ip(9, 9, 9, 9));
    add(book, fine, ip(9, 9, 9, 9));
    add(book, other, ip(9, 9, 9, 9));
    Instant time = NOW;
    for (int i = 0; i < AddressBook.RETRIES; i++) {
      time = time.plus(Duration.ofMinutes(10));
      book.attempt(failing, true, time);
      time = time.plus(Duration.ofMinutes(1));
      book.good(other, time); // the network works: the next failure counts again
    }
    assertEquals(AddressBook.RETRIES, book.find(failing).orElseThrow().attempts());
    assertEquals(1, book.prune(time.plus(Duration.ofMinutes(2))));
    assertFalse(book.contains(failing));
    assertTrue(book.contains(fine));
  }

  @Test
  void prune_removesAddressesNotSeenWithinTheHorizon() throws Exception {
    AddressBook book = new AddressBook(key(8), GROUPS, new Random(4));
    PeerAddress old = address(63, 1, 1, 1);
    book.add(old, Optional.empty(), ip(9, 9, 9, 9), NOW, Duration.ZERO, NOW);
    assertEquals(0, book.prune(NOW.plus(Duration.ofDays(29))));
    assertEquals(1, book.prune(NOW.plus(Duration.ofDays(31))));
  }

  @Test
  void select_neverReturnsFromAnEmptyTable_andFindsTheOnlyEntry() throws Exception {
    AddressBook book = new AddressBook(key(9), GROUPS, new Random(5));
    assertTrue(book.select(false, NOW).isEmpty());
    PeerAddress a = address(64, 1, 1, 1);
    add(book, a, ip(9, 9, 9, 9));
    assertEquals(a, book.select(false, NOW).orElseThrow().address());
    assertTrue(book.selectFrom(true, NOW).isEmpty());
  }

  @Test
  void persistence_roundTripKeepsEntriesBucketsAndHistory(@TempDir Path dir) throws Exception {
    AddressBook book = new AddressBook(key(10), GROUPS, new Random(6));
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      PeerAddress a = address(70 + i % 40, i % 7, random.nextInt(256), 1 + random.nextInt(250));
      book.add(
          a,
          Optional.of(NodeId.fromBytes(key(i % 200))),
          ip(100 + i % 9, 1, 1, 1),
          NOW.minusSeconds(i),
          Duration.ZERO,
          NOW);
      if (i % 5 == 0) {
        book.good(a, NOW);
      } else if (i % 7 == 0) {
        book.attempt(a, true, NOW);
      }
    }
    Path file = dir.resolve("addresses.dat");
    AddressBookFile.write(file, book);
    assertFalse(Files.exists(dir.resolve("addresses.dat.tmp")));
    AddressBook loaded = AddressBookFile.read(file, GROUPS, new Random(8)).orElseThrow();
    assertEquals(book.size(), loaded.size());
    assertEquals(book.triedCount(), loaded.triedCount());
    assertEquals(book.newCount(), loaded.newCount());
    for (KnownAddress known : book.entries()) {
      assertEquals(Optional.of(known), loaded.find(known.address()));
      assertEquals(book.newBucketsOf(known.address()), loaded.newBucketsOf(known.address()));
    }
    assertTrue(AddressBookFile.read(dir.resolve("absent"), GROUPS, new Random()).isEmpty());
  }

  @Test
  void add_refusesUnusableAddresses() throws Exception {
    AddressBook book = new AddressBook(key(11), GROUPS, new Random(9));
    assertFalse(
        book.add(
            new PeerAddress(ip(65, 1, 1, 1), 0),
            Optional.empty(),
            ip(9, 9, 9, 9),
            NOW,
            Duration.ZERO,
            NOW));
    assertEquals(0, book.size());
    PeerAddress a = address(66, 1, 1, 1);
    assertTrue(book.add(a, Optional.empty(), ip(9, 9, 9, 9), NOW, Duration.ZERO, NOW));
    assertNotEquals(List.of(), book.newBucketsOf(a));
  }
}
