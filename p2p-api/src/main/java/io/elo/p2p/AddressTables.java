package io.elo.p2p;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tables of the {@link AddressBook} and their bookkeeping: the new and tried bucket arrays, the
 * index of entries by address, the list for random sampling and the new entries of each source
 * group. Not thread-safe.
 */
abstract class AddressTables {
  final AddressBuckets buckets;
  final Random random;
  final Map<PeerAddress, AddressEntry> entries = new HashMap<>();
  final List<AddressEntry> all = new ArrayList<>();
  /** The tried-table entries, for uniform sampling in one draw (see {@link #randomTried}). */
  final List<AddressEntry> tried = new ArrayList<>();
  final AddressEntry[][] newTable =
      new AddressEntry[AddressBook.NEW_BUCKET_COUNT][AddressBook.BUCKET_SIZE];
  final AddressEntry[][] triedTable =
      new AddressEntry[AddressBook.TRIED_BUCKET_COUNT][AddressBook.BUCKET_SIZE];
  final Map<NetGroup, List<AddressEntry>> newBySource = new LinkedHashMap<>();
  final List<NetGroup> sources = new ArrayList<>();
  int newCount;
  int triedCount;

  AddressTables(AddressBuckets buckets, Random random) {
    this.buckets = buckets;
    this.random = random;
  }

  AddressBuckets buckets() {
    return buckets;
  }

  /**
   * A uniformly random tried entry, in one draw. Drawing random buckets until one is not empty
   * (Bitcoin Core's way) costs table size / entries draws: about 30 for the handful of entries of
   * a small network, for each of the many picks a tick makes, which kept each node's scheduler
   * busy for seconds.
   */
  AddressEntry randomTried() {
    return tried.get(random.nextInt(tried.size()));
  }

  private void addTried(AddressEntry entry) {
    entry.triedIndex = tried.size();
    tried.add(entry);
  }

  private void removeTried(AddressEntry entry) {
    AddressEntry last = tried.remove(tried.size() - 1);
    if (last != entry) {
      tried.set(entry.triedIndex, last);
      last.triedIndex = entry.triedIndex;
    }
    entry.triedIndex = -1;
  }

  AddressEntry randomNew() {
    List<AddressEntry> group = newBySource.get(sources.get(random.nextInt(sources.size())));
    return group.get(random.nextInt(group.size()));
  }

  // ---- restore (AddressBookFile) ----

  /** Puts a restored entry back into the tried table, or into the given new buckets. */
  void restore(AddressEntry entry, List<Integer> newBuckets) {
    if (entries.containsKey(entry.address)) {
      return;
    }
    entries.put(entry.address, entry);
    entry.randomIndex = all.size();
    all.add(entry);
    if (entry.tried) {
      entry.tried = false;
      int bucket = buckets.triedBucket(entry.address);
      if (triedTable[bucket][buckets.position(false, bucket, entry.address)] == null) {
        entry.tried = true;
        triedTable[bucket][buckets.position(false, bucket, entry.address)] = entry;
        triedCount++;
        addTried(entry);
        return;
      }
      newBuckets = List.of(buckets.newBucket(entry.address, entry.sourceGroup));
    }
    for (int bucket : newBuckets) {
      if (bucket >= 0 && bucket < AddressBook.NEW_BUCKET_COUNT) {
        int position = buckets.position(true, bucket, entry.address);
        if (newTable[bucket][position] == null) {
          placeNew(entry, bucket, position);
        }
      }
    }
    if (entry.refCount == 0) {
      delete(entry);
    }
  }

  // ---- table plumbing ----

  void placeNew(AddressEntry entry, int bucket, int position) {
    if (entry.refCount == 0) {
      newCount++;
      List<AddressEntry> group =
          newBySource.computeIfAbsent(
              entry.sourceGroup,
              g -> {
                sources.add(g);
                return new ArrayList<>();
              });
      entry.sourceIndex = group.size();
      group.add(entry);
    }
    entry.refCount++;
    entry.newBuckets.add(bucket);
    newTable[bucket][position] = entry;
  }

  void clearNew(int bucket, int position) {
    AddressEntry occupant = newTable[bucket][position];
    if (occupant == null) {
      return;
    }
    newTable[bucket][position] = null;
    occupant.newBuckets.remove(Integer.valueOf(bucket));
    if (--occupant.refCount == 0) {
      leaveNew(occupant);
      delete(occupant);
    }
  }

  /** Takes an entry with no references left out of the new-table bookkeeping. */
  void leaveNew(AddressEntry entry) {
    newCount--;
    List<AddressEntry> group = newBySource.get(entry.sourceGroup);
    AddressEntry last = group.remove(group.size() - 1);
    if (last != entry) {
      group.set(entry.sourceIndex, last);
      last.sourceIndex = entry.sourceIndex;
    }
    entry.sourceIndex = -1;
    if (group.isEmpty()) {
      newBySource.remove(entry.sourceGroup);
      sources.remove(entry.sourceGroup);
    }
  }

  void removeFromNew(AddressEntry entry) {
    if (entry.refCount == 0) {
      return;
    }
    for (int bucket : entry.newBuckets) {
      newTable[bucket][buckets.position(true, bucket, entry.address)] = null;
    }
    entry.newBuckets.clear();
    entry.refCount = 0;
    leaveNew(entry);
  }

  void makeTried(AddressEntry entry) {
    removeFromNew(entry);
    int bucket = buckets.triedBucket(entry.address);
    int position = buckets.position(false, bucket, entry.address);
    AddressEntry evicted = triedTable[bucket][position];
    if (evicted != null) {
      // The old tried entry goes back to the new table, replacing whatever is in its slot.
      evicted.tried = false;
      triedTable[bucket][position] = null;
      triedCount--;
      removeTried(evicted);
      int newBucket = buckets.newBucket(evicted.address, evicted.sourceGroup);
      int newPosition = buckets.position(true, newBucket, evicted.address);
      clearNew(newBucket, newPosition);
      placeNew(evicted, newBucket, newPosition);
    }
    triedTable[bucket][position] = entry;
    entry.tried = true;
    triedCount++;
    addTried(entry);
  }

  void delete(AddressEntry entry) {
    entries.remove(entry.address);
    AddressEntry last = all.remove(all.size() - 1);
    if (last != entry) {
      all.set(entry.randomIndex, last);
      last.randomIndex = entry.randomIndex;
    }
    entry.randomIndex = -1;
  }
}
