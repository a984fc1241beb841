package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class KnownInventoryTest {
  private static Hash tx(int n) {
    return Hash.sha256(ByteBuffer.allocate(4).putInt(n).array());
  }

  @Test
  void add_reportsNewEntries_andContainsFindsThem() {
    KnownInventory known = new KnownInventory(10, 7);
    assertTrue(known.add(tx(1)));
    assertFalse(known.add(tx(1)));
    assertTrue(known.contains(tx(1)));
    assertFalse(known.contains(tx(2)));
    assertEquals(1, known.size());
  }

  @Test
  void overCapacity_evictsTheOldestFirst() {
    KnownInventory known = new KnownInventory(1_000, 3);
    for (int i = 0; i < 1_500; i++) {
      known.add(tx(i));
    }
    assertEquals(1_000, known.size());
    for (int i = 0; i < 500; i++) {
      assertFalse(known.contains(tx(i)), "evicted " + i);
    }
    for (int i = 500; i < 1_500; i++) {
      assertTrue(known.contains(tx(i)), "kept " + i);
    }
  }

  @Test
  void remove_forgetsTheEntry_andAReAddSurvivesTheOldSlotsEviction() {
    KnownInventory known = new KnownInventory(3, 11);
    known.add(tx(1));
    known.remove(tx(1));
    assertFalse(known.contains(tx(1)));
    known.add(tx(2));
    known.add(tx(1)); // re-added: a new insertion
    known.add(tx(3)); // evicts the ring slot of the first insertion of tx(1)
    assertTrue(known.contains(tx(1)));
    assertTrue(known.contains(tx(2)));
    assertTrue(known.contains(tx(3)));
    assertEquals(3, known.size());
  }

  @Test
  void manyInsertionsAndRemovals_keepTheTableConsistent() {
    KnownInventory known = new KnownInventory(50_000, 42);
    for (int i = 0; i < 120_000; i++) {
      known.add(tx(i));
      if (i % 3 == 0) {
        known.remove(tx(i - 1));
      }
    }
    for (int i = 110_000; i < 120_000; i++) {
      boolean removed = i % 3 == 2 && i < 119_999; // removed when i + 1 was added
      assertEquals(!removed, known.contains(tx(i)), "entry " + i);
    }
    assertTrue(known.size() <= 50_000);
  }

  @Test
  void capacity_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new KnownInventory(0, 1));
  }
}
