package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.model.DecodeException;
import io.elo.model.ModelArbitraries;
import io.elo.model.OutPoint;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The storage encodings round-trip and are canonical: whatever decodes re-encodes to itself. */
class StoreCodecPropertyTest {
  @Property(tries = 10000)
  void coin_roundTrips(@ForAll("coins") Coin coin) {
    byte[] bytes = StoreCodec.encodeCoin(coin);
    assertEquals(coin, StoreCodec.decodeCoin(bytes));
    assertEquals(StoreCodec.coinLength(coin), bytes.length);
  }

  @Property(tries = 10000)
  void undo_roundTrips(@ForAll("undos") BlockUndo undo) {
    assertEquals(undo, StoreCodec.decodeUndo(StoreCodec.encodeUndo(undo)));
  }

  @Property(tries = 10000)
  void outPointKey_roundTrips(@ForAll("outPoints") OutPoint outPoint) {
    assertEquals(outPoint, StoreCodec.decodeOutPoint(StoreCodec.encodeOutPoint(outPoint)));
  }

  @Property(tries = 10000)
  void anyAcceptedCoinBytes_reencodeToThemselves(@ForAll byte[] bytes) {
    try {
      assertArrayEquals(bytes, StoreCodec.encodeCoin(StoreCodec.decodeCoin(bytes)));
    } catch (DecodeException expected) {
      // Rejected input is fine; accepted input must be canonical.
    }
  }

  @Property(tries = 10000)
  void anyAcceptedUndoBytes_reencodeToThemselves(@ForAll byte[] bytes) {
    try {
      assertArrayEquals(bytes, StoreCodec.encodeUndo(StoreCodec.decodeUndo(bytes)));
    } catch (DecodeException expected) {
      // Rejected input is fine; accepted input must be canonical.
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Coin> coins() {
    return StoreFixtures.coins();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<BlockUndo> undos() {
    return StoreFixtures.undos();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<OutPoint> outPoints() {
    return ModelArbitraries.outPoints();
  }
}
