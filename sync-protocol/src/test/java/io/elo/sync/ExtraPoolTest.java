package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.model.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraPoolTest {
  private final CompactFixtures fixtures = new CompactFixtures(4);

  @Test
  void add_forgetsTheOldest_pastTheCountBound() {
    ExtraPool pool = new ExtraPool(2, 1 << 20);
    fixtures.spends.forEach(pool::add);
    assertEquals(fixtures.spends.subList(2, 4), pool.snapshot());
  }

  @Test
  void add_forgetsTheOldest_pastTheByteBound_andIgnoresDuplicates() {
    Transaction first = fixtures.spends.get(0);
    ExtraPool pool = new ExtraPool(100, first.size() * 2L + 1);
    pool.add(first);
    pool.add(first);
    assertEquals(1, pool.size());
    fixtures.spends.forEach(pool::add);
    assertEquals(2, pool.size());
    assertEquals(fixtures.spends.subList(2, 4), pool.snapshot());
    assertEquals(pool.snapshot().stream().mapToLong(Transaction::size).sum(), pool.bytes());
  }

  @Test
  void zeroCount_keepsNothing() {
    ExtraPool pool = new ExtraPool(0, 1 << 20);
    fixtures.spends.forEach(pool::add);
    assertEquals(List.of(), pool.snapshot());
  }
}
