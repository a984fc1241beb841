package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import io.elo.model.Height;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockArrivalTest {
  private static final Hash HASH = Hash.sha256d(new byte[] {1});
  private static final Instant BLOCK_TIME = Instant.ofEpochSecond(1_000);
  private static final Instant ARRIVAL = Instant.ofEpochMilli(1_002_345);

  @Test
  void equality_coversEveryField() {
    new EqualsTester()
        .addEqualityGroup(arrival(HASH, 1, ARRIVAL), arrival(HASH, 1, ARRIVAL))
        .addEqualityGroup(arrival(Hash.sha256d(new byte[] {2}), 1, ARRIVAL))
        .addEqualityGroup(arrival(HASH, 2, ARRIVAL))
        .addEqualityGroup(arrival(HASH, 1, ARRIVAL.plusMillis(1)))
        .addEqualityGroup(
            new BlockArrival(
                HASH, Height.of(1), BLOCK_TIME, ARRIVAL, Optional.of(BLOCK_TIME),
                BlockArrival.Source.PEER))
        .addEqualityGroup(
            new BlockArrival(
                HASH, Height.of(1), BLOCK_TIME, ARRIVAL, Optional.empty(),
                BlockArrival.Source.LOCAL))
        .testEquals();
  }

  @Test
  void derivedTimes_useMillisecondsAndTheSecondResolutionBlockTime() {
    BlockArrival a = arrival(HASH, 1, ARRIVAL);
    assertEquals(1_002_345, a.arrivalMillis());
    assertEquals(Duration.ofMillis(2_345), a.sinceBlockTime());
  }

  @Test
  void constructor_rejectsNulls() {
    assertThrows(
        NullPointerException.class,
        () ->
            new BlockArrival(
                HASH, Height.of(1), BLOCK_TIME, ARRIVAL, null, BlockArrival.Source.PEER));
    assertThrows(
        NullPointerException.class,
        () -> new BlockArrival(null, Height.of(1), BLOCK_TIME, ARRIVAL, Optional.empty(), null));
  }

  private static BlockArrival arrival(Hash hash, int height, Instant arrival) {
    return new BlockArrival(
        hash, Height.of(height), BLOCK_TIME, arrival, Optional.empty(), BlockArrival.Source.PEER);
  }
}
