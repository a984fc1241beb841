package io.elo.validation;

import static com.google.common.base.Preconditions.checkState;

import io.elo.model.OutPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned overlay behind UTXO snapshots: for each of the last state changes (a block
 * connected or disconnected), the value every touched out-point had before it. A snapshot taken at
 * version {@code v} reads an out-point as the "before" value of the oldest change after {@code v}
 * that touched it, or as the current value when none did.
 *
 * <p>Bounded by the number of changes and of out-points held; the oldest changes are dropped at the
 * bound, and a snapshot older than the retained history can no longer be read. The chain state's
 * writer records a change <em>before</em> it touches the UTXO set; readers on any thread see an
 * immutable list of changes through one volatile field, so they never lock (see {@link
 * UtxoSnapshot}).
 */
final class UtxoHistory {
  private final int maxChanges;
  private final long maxEntries;
  private volatile State state = new State(List.of(), 0);
  private long entries; // the writer's

  UtxoHistory(int maxChanges, long maxEntries) {
    this.maxChanges = maxChanges;
    this.maxEntries = maxEntries;
  }

  /** The version of the current state: the number of changes recorded so far. */
  long version() {
    return state.version;
  }

  /**
   * Records one change, before the UTXO set is touched. {@code before} maps every touched out-point
   * to its coin before the change ({@code null} for none) and is not modified afterwards; {@code
   * connect} says whether a block was connected (its spends are then "recently spent").
   */
  void record(Map<OutPoint, Coin> before, boolean connect) {
    State current = state;
    long version = current.version + 1;
    List<Change> changes = new ArrayList<>(current.changes.size() + 1);
    changes.addAll(current.changes);
    changes.add(new Change(version, Collections.unmodifiableMap(before), connect));
    entries += before.size();
    int first = 0;
    while (first < changes.size() && (changes.size() - first > maxChanges || entries > maxEntries)) {
      entries -= changes.get(first++).before.size();
    }
    state = new State(List.copyOf(changes.subList(first, changes.size())), version);
  }

  /**
   * Returns the value of {@code outPoint} at {@code snapshotVersion} if a later change touched it
   * (the inner optional is then the coin or empty), or empty if no later change did.
   *
   * @throws IllegalStateException if changes after the snapshot were already dropped
   */
  Optional<Optional<Coin>> valueAt(OutPoint outPoint, long snapshotVersion) {
    State current = state;
    if (snapshotVersion == current.version) {
      return Optional.empty();
    }
    List<Change> changes = current.changes;
    checkState(
        !changes.isEmpty() && changes.get(0).version <= snapshotVersion + 1,
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
    List<Change> changes = state.changes;
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change change = changes.get(i);
      if (change.connect && change.before.get(outPoint) != null) {
        return true;
      }
    }
    return false;
  }

  private record Change(long version, Map<OutPoint, Coin> before, boolean connect) {}

  /** What readers see: the retained changes, oldest first, and the current version. */
  private record State(List<Change> changes, long version) {}
}
