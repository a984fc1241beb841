package io.elo.p2p;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * One Kademlia bucket: up to {@link RoutingTable#BUCKET_SIZE} live records, least recently seen
 * first, and a replacement cache of up to {@link RoutingTable#REPLACEMENTS} candidates, most recent
 * last. At most one liveness check of the oldest entry is pending at a time. Not thread-safe.
 */
final class KBucket {
  final LinkedHashMap<NodeId, NodeRecord> entries = new LinkedHashMap<>();
  final List<NodeRecord> replacements = new ArrayList<>();
  NodeId pendingCheck;

  Optional<NodeRecord> oldest() {
    return entries.values().stream().findFirst();
  }

  /** Moves {@code record} (replacing the stored one of the same node) to the most recent end. */
  void touch(NodeRecord record) {
    entries.remove(record.nodeId());
    entries.put(record.nodeId(), record);
  }

  void addReplacement(NodeRecord record) {
    replacements.removeIf(r -> r.nodeId().equals(record.nodeId()));
    replacements.add(record);
    if (replacements.size() > RoutingTable.REPLACEMENTS) {
      replacements.remove(0);
    }
  }
}
