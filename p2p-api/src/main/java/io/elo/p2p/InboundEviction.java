package io.elo.p2p;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the inbound peer to evict when inbound slots are full, like Bitcoin Core's {@code
 * SelectNodeToEvict}. Protected, in this order: {@link #PROTECT_BY_NETGROUP} peers with the highest
 * keyed net-group hash (diversity an attacker cannot aim at), {@link #PROTECT_BY_PING} with the
 * lowest minimum ping, {@link #PROTECT_BY_USEFUL} most recently useful (that relayed something
 * new), then half of the rest by longest connection. Of the remaining, the net group with the most
 * connections (ties: the one with the most recently connected member) loses its most recently
 * connected peer. Empty when everyone is protected.
 */
final class InboundEviction {
  static final int PROTECT_BY_NETGROUP = 4;
  static final int PROTECT_BY_PING = 8;
  static final int PROTECT_BY_USEFUL = 4;

  /** One inbound peer as eviction sees it. */
  record Candidate(
      Peer peer,
      NetGroup netGroup,
      long keyedNetGroup,
      Duration minPing,
      Instant lastUseful,
      Instant connectedAt) {}

  private InboundEviction() {}

  static Optional<Candidate> select(List<Candidate> all) {
    List<Candidate> left = new ArrayList<>(all);
    protect(
        left, Comparator.comparingLong(Candidate::keyedNetGroup).reversed(), PROTECT_BY_NETGROUP);
    protect(left, Comparator.comparing(Candidate::minPing), PROTECT_BY_PING);
    protect(left, Comparator.comparing(Candidate::lastUseful).reversed(), PROTECT_BY_USEFUL);
    protect(left, Comparator.comparing(Candidate::connectedAt), left.size() / 2);
    if (left.isEmpty()) {
      return Optional.empty();
    }
    Map<NetGroup, List<Candidate>> byGroup = new LinkedHashMap<>();
    for (Candidate candidate : left) {
      byGroup.computeIfAbsent(candidate.netGroup(), g -> new ArrayList<>()).add(candidate);
    }
    List<Candidate> worst = null;
    Instant worstYoungest = null;
    for (List<Candidate> group : byGroup.values()) {
      Instant youngest =
          group.stream().map(Candidate::connectedAt).max(Comparator.naturalOrder()).get();
      if (worst == null
          || group.size() > worst.size()
          || (group.size() == worst.size() && youngest.isAfter(worstYoungest))) {
        worst = group;
        worstYoungest = youngest;
      }
    }
    return worst.stream().max(Comparator.comparing(Candidate::connectedAt));
  }

  /** Removes from {@code left} the first {@code count} by {@code order} (stable). */
  private static void protect(List<Candidate> left, Comparator<Candidate> order, int count) {
    List<Candidate> sorted = new ArrayList<>(left);
    sorted.sort(order);
    for (int i = 0; i < Math.min(count, sorted.size()); i++) {
      left.remove(sorted.get(i));
    }
  }
}
