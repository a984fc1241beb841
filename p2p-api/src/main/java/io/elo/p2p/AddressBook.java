package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Known peer addresses, modelled on Bitcoin Core's addrman: a "new" table of addresses heard of and
 * a "tried" table of addresses connected to, both in keyed buckets (see {@link AddressBuckets}) so
 * that no source and no network group can fill the book; test-before-evict for tried-table
 * collisions; terrible addresses are overwritten and pruned.
 *
 * <p>One deviation from addrman, against eclipse attacks by few sources: {@link #select} picks a
 * new-table address by first picking a source group uniformly, so an attacker that announces
 * through few sources gets few picks however many addresses it floods.
 *
 * <p>Not thread-safe: the peer manager guards it. Deterministic for a given key and {@link Random}.
 * Persisted by {@link AddressBookFile}.
 */
final class AddressBook extends AddressTables {
  static final int NEW_BUCKET_COUNT = 1024;
  static final int TRIED_BUCKET_COUNT = 256;
  static final int BUCKET_SIZE = 64;
  static final int NEW_BUCKETS_PER_SOURCE_GROUP = 64;
  static final int TRIED_BUCKETS_PER_GROUP = 8;
  static final int NEW_BUCKETS_PER_ADDRESS = 8;
  static final int MAX_TRIED_COLLISIONS = 10;
  static final int RETRIES = 3;
  static final int MAX_FAILURES = 10;
  static final Duration HORIZON = Duration.ofDays(30);
  static final Duration MIN_FAIL = Duration.ofDays(7);
  static final Duration REPLACEMENT = Duration.ofHours(4);
  static final Duration TEST_WINDOW = Duration.ofMinutes(40);
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
  static final Duration RECENT_TRY = Duration.ofMinutes(10);
  static final Duration COLLISION_RETEST = Duration.ofMinutes(1);

  /** Key length, bytes. */
  static final int KEY_LENGTH = 32;

  private final Set<PeerAddress> triedCollisions = new LinkedHashSet<>();
  private long lastGood = 1;

  AddressBook(byte[] key, NetGroups netGroups, Random random) {
    super(new AddressBuckets(checkKey(key), netGroups), random);
  }

  private static byte[] checkKey(byte[] key) {
    checkArgument(key.length == KEY_LENGTH, "key is %s bytes", KEY_LENGTH);
    return key;
  }

  /** Returns an empty book with a fresh key drawn from {@code random}. */
  static AddressBook create(NetGroups netGroups, Random random) {
    byte[] key = new byte[KEY_LENGTH];
    random.nextBytes(key);
    return new AddressBook(key, netGroups, random);
  }

  int size() {
    return entries.size();
  }

  int newCount() {
    return newCount;
  }

  int triedCount() {
    return triedCount;
  }

  boolean contains(PeerAddress address) {
    return entries.containsKey(address);
  }

  Optional<KnownAddress> find(PeerAddress address) {
    return Optional.ofNullable(entries.get(address)).map(AddressEntry::view);
  }

  /** Every entry, in insertion order of the sampling list. */
  List<KnownAddress> entries() {
    return all.stream().map(AddressEntry::view).toList();
  }

  /**
   * Adds or refreshes {@code address}, heard from {@code source} with the announced {@code
   * timestamp} less {@code penalty}; returns whether a new-table slot was taken. Addresses in the
   * tried table only get their timestamp refreshed.
   */
  boolean add(
      PeerAddress address,
      Optional<NodeId> nodeId,
      InetAddress source,
      Instant timestamp,
      Duration penalty,
      Instant now) {
    if (address.port() == 0 || address.ip().isAnyLocalAddress()) {
      return false;
    }
    long time = Math.max(0, timestamp.toEpochMilli() - penalty.toMillis());
    AddressEntry entry = entries.get(address);
    if (entry != null) {
      if (nodeId.isPresent()) {
        entry.nodeId = nodeId;
      }
      boolean online =
          now.toEpochMilli() - timestamp.toEpochMilli() < Duration.ofDays(1).toMillis();
      long interval = online ? Duration.ofHours(1).toMillis() : Duration.ofDays(1).toMillis();
      if (entry.timestamp < timestamp.toEpochMilli() - interval - penalty.toMillis()) {
        entry.timestamp = time;
      }
      if (timestamp.toEpochMilli() <= entry.timestamp
          || entry.tried
          || entry.refCount == NEW_BUCKETS_PER_ADDRESS) {
        return false;
      }
      // Each further reference is twice as hard to get as the previous one.
      if (entry.refCount > 0 && random.nextInt(1 << entry.refCount) != 0) {
        return false;
      }
    } else {
      NetGroup sourceGroup = buckets.group(new PeerAddress(source, 0));
      entry = new AddressEntry(address, nodeId, source, sourceGroup);
      entry.timestamp = time;
      entries.put(address, entry);
      entry.randomIndex = all.size();
      all.add(entry);
    }
    NetGroup sourceGroup = buckets.group(new PeerAddress(source, 0));
    int bucket = buckets.newBucket(address, sourceGroup);
    int position = buckets.position(true, bucket, address);
    AddressEntry occupant = newTable[bucket][position];
    if (occupant == entry) {
      return false;
    }
    boolean insert =
        occupant == null
            || occupant.isTerrible(now.toEpochMilli())
            || (occupant.refCount > 1 && entry.refCount == 0);
    if (insert) {
      clearNew(bucket, position);
      placeNew(entry, bucket, position);
    } else if (entry.refCount == 0) {
      delete(entry);
    }
    return insert;
  }

  /** Records a connection attempt; a failure counts once per period between successes anywhere. */
  void attempt(PeerAddress address, boolean countFailure, Instant now) {
    AddressEntry entry = entries.get(address);
    if (entry == null) {
      return;
    }
    entry.lastTry = now.toEpochMilli();
    if (countFailure && entry.lastCountAttempt < lastGood) {
      entry.lastCountAttempt = now.toEpochMilli();
      entry.attempts++;
    }
  }

  /** Refreshes the timestamp of a connected address (at most every 20 minutes). */
  void connected(PeerAddress address, Instant now) {
    AddressEntry entry = entries.get(address);
    if (entry != null && now.toEpochMilli() - entry.timestamp > Duration.ofMinutes(20).toMillis()) {
      entry.timestamp = now.toEpochMilli();
    }
  }

  /**
   * Records a successful connection and moves the address to the tried table. If its tried slot
   * holds another address, the move waits (test-before-evict): the collision is queued for {@link
   * #selectTriedCollision} and {@link #resolveCollisions}.
   *
   * @return whether the address is now in the tried table
   */
  boolean good(PeerAddress address, Instant now) {
    return good(address, true, now);
  }

  private boolean good(PeerAddress address, boolean testBeforeEvict, Instant now) {
    AddressEntry entry = entries.get(address);
    if (entry == null) {
      return false;
    }
    long millis = now.toEpochMilli();
    lastGood = millis;
    entry.lastSuccess = millis;
    entry.lastTry = millis;
    entry.attempts = 0;
    if (entry.tried) {
      return true;
    }
    int bucket = buckets.triedBucket(address);
    int position = buckets.position(false, bucket, address);
    AddressEntry occupant = triedTable[bucket][position];
    if (testBeforeEvict && occupant != null && occupant != entry) {
      if (triedCollisions.size() < MAX_TRIED_COLLISIONS) {
        triedCollisions.add(address);
      }
      return false;
    }
    makeTried(entry);
    return true;
  }

  /**
   * Returns the tried-table occupant that a queued collision would evict, so a feeler connection
   * can test it; empty if there is no collision.
   */
  Optional<KnownAddress> selectTriedCollision() {
    if (triedCollisions.isEmpty()) {
      return Optional.empty();
    }
    List<PeerAddress> queued = new ArrayList<>(triedCollisions);
    PeerAddress candidate = queued.get(random.nextInt(queued.size()));
    AddressEntry entry = entries.get(candidate);
    if (entry == null || entry.tried) {
      triedCollisions.remove(candidate);
      return Optional.empty();
    }
    int bucket = buckets.triedBucket(candidate);
    AddressEntry occupant = triedTable[bucket][buckets.position(false, bucket, candidate)];
    return Optional.ofNullable(occupant).map(AddressEntry::view);
  }

  /**
   * Settles queued collisions: the old tried entry stays if it answered within {@link
   * #REPLACEMENT}; the new one replaces it if the old one failed its test, or if the collision has
   * waited longer than {@link #TEST_WINDOW} without a test.
   */
  void resolveCollisions(Instant now) {
    long millis = now.toEpochMilli();
    for (PeerAddress address : List.copyOf(triedCollisions)) {
      AddressEntry entry = entries.get(address);
      boolean erase = true;
      if (entry != null && !entry.tried) {
        int bucket = buckets.triedBucket(address);
        AddressEntry old = triedTable[bucket][buckets.position(false, bucket, address)];
        if (old == null) {
          good(address, false, now);
        } else if (millis - old.lastSuccess < REPLACEMENT.toMillis()) {
          erase = true; // the old entry is alive: keep it
        } else if (millis - old.lastTry < REPLACEMENT.toMillis()) {
          // Tested recently and failed; give a test in flight a minute to finish.
          if (millis - old.lastTry > COLLISION_RETEST.toMillis()) {
            good(address, false, now);
          } else {
            erase = false;
          }
        } else if (millis - entry.lastSuccess > TEST_WINDOW.toMillis()) {
          good(address, false, now);
        } else {
          erase = false;
        }
      }
      if (erase) {
        triedCollisions.remove(address);
      }
    }
  }

  /** The queued tried collisions (addresses waiting to enter the tried table). */
  Set<PeerAddress> triedCollisions() {
    return Set.copyOf(triedCollisions);
  }

  /**
   * Picks an address to connect to: the tried or the new table with equal probability (only new if
   * {@code newOnly}), then an entry weighted by {@link AddressEntry#chance}. In the tried table a
   * random bucket and position; in the new table a random source group, then a random entry of that
   * group.
   */
  Optional<KnownAddress> select(boolean newOnly, Instant now) {
    if (entries.isEmpty() || (newOnly && newCount == 0)) {
      return Optional.empty();
    }
    boolean fromTried = !newOnly && triedCount > 0 && (newCount == 0 || random.nextBoolean());
    return selectFrom(fromTried, now);
  }

  /** Like {@link #select} restricted to one table: tried if {@code tried}, else new. */
  Optional<KnownAddress> selectFrom(boolean tried, Instant now) {
    if (tried ? triedCount == 0 : newCount == 0) {
      return Optional.empty();
    }
    long millis = now.toEpochMilli();
    double factor = 1.0;
    while (true) {
      AddressEntry entry = tried ? randomTried() : randomNew();
      if (random.nextDouble() < factor * entry.chance(millis)) {
        return Optional.of(entry.view());
      }
      factor *= 1.2;
    }
  }

  /**
   * Returns up to {@code max} random addresses that are not terrible (for peer exchange), at most
   * {@code maxPercent}% of the book.
   */
  List<KnownAddress> sample(int max, int maxPercent, Instant now) {
    int wanted = Math.min(max, all.size() * maxPercent / 100);
    List<AddressEntry> pool = new ArrayList<>(all);
    List<KnownAddress> result = new ArrayList<>();
    for (int i = 0; i < pool.size() && result.size() < wanted; i++) {
      int j = i + random.nextInt(pool.size() - i);
      AddressEntry picked = pool.get(j);
      pool.set(j, pool.get(i));
      if (!picked.isTerrible(now.toEpochMilli())) {
        result.add(picked.view());
      }
    }
    return result;
  }

  /** Deletes every terrible new-table entry; returns how many went. */
  int prune(Instant now) {
    List<AddressEntry> terrible = new ArrayList<>();
    for (AddressEntry entry : all) {
      if (!entry.tried && entry.isTerrible(now.toEpochMilli())) {
        terrible.add(entry);
      }
    }
    for (AddressEntry entry : terrible) {
      removeFromNew(entry);
      delete(entry);
    }
    return terrible.size();
  }

  /** The new buckets holding {@code address}, in order of reference (empty if absent or tried). */
  List<Integer> newBucketsOf(PeerAddress address) {
    AddressEntry entry = entries.get(address);
    return entry == null ? List.of() : List.copyOf(entry.newBuckets);
  }
}
