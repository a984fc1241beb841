package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.EqualsTester;
import io.elo.model.Height;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreValuesTest {
  @Test
  void coin_equality() {
    Coin c = coin(1);
    new EqualsTester()
        .addEqualityGroup(c, Coin.of(c.output(), c.height(), c.coinbase()))
        .addEqualityGroup(Coin.of(c.output(), c.height(), !c.coinbase()))
        .addEqualityGroup(Coin.of(c.output(), Height.of(c.height().value() + 1), c.coinbase()))
        .addEqualityGroup(Coin.of(coin(2).output(), c.height(), c.coinbase()))
        .testEquals();
  }

  @Test
  void blockUndo_equalityAndImmutability() {
    List<Coin> coins = new ArrayList<>(List.of(coin(1), coin(2)));
    BlockUndo undo = BlockUndo.of(coins);
    coins.add(coin(3));
    assertEquals(2, undo.size());
    assertThrows(UnsupportedOperationException.class, () -> undo.coins().add(coin(4)));
    assertSame(BlockUndo.EMPTY, BlockUndo.of(List.of()));
    new EqualsTester()
        .addEqualityGroup(undo, BlockUndo.of(List.of(coin(1), coin(2))))
        .addEqualityGroup(BlockUndo.of(List.of(coin(2), coin(1))))
        .addEqualityGroup(BlockUndo.EMPTY, BlockUndo.of(List.of()))
        .testEquals();
  }

  @Test
  void storeBatch_lastOperationOnAKeyWins() {
    StoreBatch batch =
        StoreBatch.builder()
            .putCoin(outPoint(1, 0), coin(1))
            .deleteCoin(outPoint(1, 0))
            .deleteCoin(outPoint(2, 0))
            .putCoin(outPoint(2, 0), coin(2))
            .putUndo(hash(1), undo(1, 1))
            .deleteUndo(hash(1))
            .build(hash(9), Height.of(9));
    assertEquals(Map.of(outPoint(2, 0), coin(2)), batch.coinPuts());
    assertEquals(Set.of(outPoint(1, 0)), batch.coinDeletes());
    assertEquals(Map.of(), batch.undoPuts());
    assertEquals(Set.of(hash(1)), batch.undoDeletes());
    assertEquals(3, batch.size());
    assertEquals(Height.of(9), batch.tipHeight());
  }

  @Test
  void storeBatchBuilder_isSingleUse() {
    StoreBatch.Builder builder = StoreBatch.builder();
    builder.build(hash(1), Height.ZERO);
    assertThrows(IllegalStateException.class, () -> builder.build(hash(1), Height.ZERO));
  }
}
