package io.elo.validation;

import static com.google.common.base.Preconditions.checkState;

import io.elo.model.OutPoint;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned overlay behind UTXO snapshots: for each of the last state changes (a block
 * connected or disconnected), the value every touched out-point had before it. A snapshot taken at
 * version {@code v} reads an out-point as the "before" value of the oldest change after {@code v}
 * that touched it, or as the current value when none did.
 *
 * <p>Bounded by the number of changes and of out-points held; the oldest changes are dropped at the
 * bound, and a snapshot older than the retained history can no longer be read. Guarded by the chain
 * state's lock.
 */
final class UtxoHistory {
  private final int maxChanges;
  private final long maxEntries;
  private final ArrayDeque<Change> changes = new ArrayDeque<>();
  private long version;
  private long entries;

  UtxoHistory(int maxChanges, long maxEntries) {
    this.maxChanges = maxChanges;
    this.maxEntries = maxEntries;
  }

  /** The version of the current state: the number of changes recorded so far. */
  long version() {
    return version;
  }

  /**
   * Records one change. {@code before} maps every touched out-point to its coin before the change
   * ({@code null} for none); {@code connect} says whether a block was connected (its spends are
   * then "recently spent").
   */
  void record(Map<OutPoint, Coin> before, boolean connect) {
    version++;
    changes.addLast(new Change(version, before, connect));
    entries += before.size();
    while (!changes.isEmpty() && (changes.size() > maxChanges || entries > maxEntries)) {
      entries -= changes.removeFirst().before.size();
    }
  }

  /**
   * Returns the value of {@code outPoint} at {@code snapshotVersion} if a later change touched it
   * (the inner optional is then the coin or empty), or empty if no later change did.
   *
   * @throws IllegalStateException if changes after the snapshot were already dropped
   */
  Optional<Optional<Coin>> valueAt(OutPoint outPoint, long snapshotVersion) {
    if (snapshotVersion == version) {
      return Optional.empty();
    }
    checkState(
        !changes.isEmpty() && changes.getFirst().version <= snapshotVersion + 1,
        "UTXO snapshot at version %s is older than the retained history",
        snapshotVersion);
    for (Change change : changes) {
      if (change.version > snapshotVersion && change.before.containsKey(outPoint)) {
        return Optional.of(Optional.ofNullable(change.before.get(outPoint)));
      }
    }
    return Optional.empty();
  }

  /** Whether a retained connected block spent the coin at {@code outPoint}. */
  boolean recentlySpent(OutPoint outPoint) {
    for (Iterator<Change> it = changes.descendingIterator(); it.hasNext(); ) {
      Change change = it.next();
      if (change.connect && change.before.get(outPoint) != null) {
        return true;
      }
    }
    return false;
  }

  private record Change(long version, Map<OutPoint, Coin> before, boolean connect) {}
}
