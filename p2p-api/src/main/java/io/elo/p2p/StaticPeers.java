package io.elo.p2p;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reconnection state of static peers: each unconnected static peer is dialled when due; each
 * failure (or loss of the connection) pushes the next attempt out by {@link Backoff}. Not
 * thread-safe; guarded by the peer manager.
 */
final class StaticPeers {
  private static final class State {
    int failures;
    Instant nextAttempt = Instant.MIN;
  }

  private final Random random;
  private final Map<PeerAddress, State> states = new LinkedHashMap<>();

  StaticPeers(Random random) {
    this.random = random;
  }

  /** The static peers to dial now: not connected or being dialled, and due. */
  List<PeerAddress> due(Set<PeerAddress> staticPeers, Set<PeerAddress> busy, Instant now) {
    List<PeerAddress> due = new ArrayList<>();
    states.keySet().retainAll(staticPeers);
    for (PeerAddress address :
        new TreeSet<>(staticPeers.stream().map(PeerAddress::toString).toList())
            .stream().map(PeerAddress::parse).toList()) {
      State state = states.computeIfAbsent(address, a -> new State());
      if (!busy.contains(address) && !now.isBefore(state.nextAttempt)) {
        due.add(address);
      }
    }
    return due;
  }

  void connected(PeerAddress address) {
    State state = states.computeIfAbsent(address, a -> new State());
    state.failures = 0;
  }

  /** Records a failed attempt or a lost connection; returns when to try again. */
  Instant failed(PeerAddress address, Instant now) {
    State state = states.computeIfAbsent(address, a -> new State());
    state.failures++;
    state.nextAttempt = now.plus(Backoff.delay(state.failures, random));
    return state.nextAttempt;
  }

  /** Consecutive failures of {@code address}. */
  int failures(PeerAddress address) {
    State state = states.get(address);
    return state == null ? 0 : state.failures;
  }
}
