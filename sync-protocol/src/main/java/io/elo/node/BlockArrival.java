package io.elo.node;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A block that joined this node's best chain: when it arrived (local clock) and where it came
 * from. Nodes that share a clock (processes on one machine, or one {@code SimulatedNetwork})
 * compare arrivals of the same hash to measure propagation across the network.
 *
 * @param hash the block hash
 * @param height its height on the best chain
 * @param blockTime the header timestamp (whole seconds)
 * @param arrival when the block was connected here, by the node's clock (millisecond resolution)
 * @param firstAnnounced when a peer first announced the block's header here, if one did before it
 *     was connected (empty for local blocks and blocks fetched during sync)
 * @param source whether this node produced or submitted the block, or a peer sent it
 */
public record BlockArrival(
    Hash hash,
    Height height,
    Instant blockTime,
    Instant arrival,
    Optional<Instant> firstAnnounced,
    Source source) {
  /** Where a connected block came from. */
  public enum Source {
    /** Produced by this node or given to {@link Node#submitBlock}. */
    LOCAL,
    /** Received from a peer. */
    PEER
  }

  /** Validates the fields. */
  public BlockArrival {
    requireNonNull(hash, "hash");
    requireNonNull(height, "height");
    requireNonNull(blockTime, "blockTime");
    requireNonNull(arrival, "arrival");
    requireNonNull(firstAnnounced, "firstAnnounced");
    requireNonNull(source, "source");
  }

  /** The arrival time in milliseconds since the epoch. */
  public long arrivalMillis() {
    return arrival.toEpochMilli();
  }

  /**
   * The arrival time minus the block timestamp; one-second resolution, because header timestamps
   * are whole seconds (and may be negative for a block stamped slightly in the future).
   */
  public Duration sinceBlockTime() {
    return Duration.between(blockTime, arrival);
  }
}
