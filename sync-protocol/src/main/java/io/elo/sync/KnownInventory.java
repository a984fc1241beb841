package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.Hash;
import java.util.Arrays;

/**
 * The wtxids one peer is known to have (it announced or sent them, or we announced them to it), so
 * nothing is announced twice on a link. A rolling set: it holds at most {@code capacity}
 * insertions and, when full, each new one evicts the oldest (first in, first out; a hit does not
 * refresh). Memory grows with use up to about 28 bytes per entry (a ring of 64-bit keys and an
 * open-addressing table at most half full): 1.4 MB at 50,000.
 *
 * <p>Keys are the wtxid's first 8 bytes; a wtxid is a SHA-256d output, so making another
 * transaction's key collide with a given one costs about 2^64 hashes, and a collision only stops
 * one announcement on one link. Table slots come from the key mixed with a secret per-set salt, so
 * a peer cannot grind wtxids that pile up in one probe run. Not thread-safe; the protocol's lock
 * guards it.
 */
final class KnownInventory {
  private static final int MIN_TABLE = 16;

  private final int capacity;
  private final long salt;
  private long[] ring = new long[MIN_TABLE];
  private long insertions;
  private long[] keys = new long[MIN_TABLE];
  private int[] slots = new int[MIN_TABLE];
  private int size;

  KnownInventory(int capacity, long salt) {
    checkArgument(capacity > 0, "capacity must be positive: %s", capacity);
    this.capacity = capacity;
    this.salt = salt;
  }

  /** Adds {@code wtxid}; returns false if it was already present. */
  boolean add(Hash wtxid) {
    long key = key(wtxid);
    if (find(key) >= 0) {
      return false;
    }
    int slot = (int) (insertions % capacity);
    if (insertions >= capacity) {
      long evicted = ring[slot];
      int at = find(evicted);
      if (at >= 0 && slots[at] == slot) {
        removeAt(at); // only if this ring slot is still the key's live insertion
      }
    } else if (slot == ring.length) {
      ring = Arrays.copyOf(ring, (int) Math.min(capacity, 2L * ring.length));
    }
    ring[slot] = key;
    insertions++;
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(key, slot);
    return true;
  }

  /** Whether {@code wtxid} is present. */
  boolean contains(Hash wtxid) {
    return find(key(wtxid)) >= 0;
  }

  /** Removes {@code wtxid} (the peer asked for it, so it does not have it). */
  void remove(Hash wtxid) {
    int at = find(key(wtxid));
    if (at >= 0) {
      removeAt(at);
    }
  }

  /** Entries present now (at most the capacity). */
  int size() {
    return size;
  }

  private static long key(Hash wtxid) {
    byte[] b = wtxid.toBytes();
    long k = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      k = (k << 8) | (b[i] & 0xff);
    }
    return k == 0 ? 1 : k; // 0 marks an empty table slot
  }

  private int home(long key, int mask) {
    long h = key ^ salt;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL; // MurmurHash3 fmix64
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33)) & mask;
  }

  private int find(long key) {
    int mask = keys.length - 1;
    for (int i = home(key, mask); keys[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }

  private void insert(long key, int slot) {
    int mask = keys.length - 1;
    int i = home(key, mask);
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    slots[i] = slot;
    size++;
  }

  /** Linear-probing deletion by backward shift: no tombstones. */
  private void removeAt(int at) {
    int mask = keys.length - 1;
    int hole = at;
    for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int h = home(keys[j], mask);
      boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
      if (movable) {
        keys[hole] = keys[j];
        slots[hole] = slots[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    size--;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new long[oldKeys.length * 2];
    slots = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        insert(oldKeys[i], oldSlots[i]);
      }
    }
  }
}
