package io.elo.p2p;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The Kademlia routing table of one node: {@link #BUCKET_COUNT} buckets by XOR log distance from
 * the local id, each holding at most {@link #BUCKET_SIZE} records.
 *
 * <p>Rules: a full bucket never drops a live entry for a newcomer: the newcomer waits in the
 * replacement cache while the oldest entry gets a liveness check ({@link #add} returns it), and
 * only a failed check ({@link #onLivenessResult}) lets a replacement in. A record with a lower or
 * equal sequence number than the stored one is ignored. At most {@link #BUCKET_SUBNET_LIMIT}
 * entries of a bucket and {@link #TABLE_SUBNET_LIMIT} of the table share an IPv4 /24 (IPv6 /48),
 * except for exempt addresses. Not thread-safe: {@link Discovery} guards it.
 */
final class RoutingTable {
  static final int BUCKET_COUNT = 256;
  static final int BUCKET_SIZE = 16;
  static final int REPLACEMENTS = 10;
  static final int BUCKET_SUBNET_LIMIT = 2;
  static final int TABLE_SUBNET_LIMIT = 10;

  /** What {@link #add} did. */
  enum Outcome {
    ADDED,
    UPDATED,
    STALE,
    SELF,
    SUBNET_LIMIT,
    /** The bucket is full: the record waits in the replacement cache. */
    CACHED
  }

  /** The outcome, and the entry to check for liveness, if one should be checked now. */
  record AddResult(Outcome outcome, Optional<NodeRecord> checkLiveness) {}

  private final NodeId self;
  private final Predicate<java.net.InetAddress> exempt;
  private final KBucket[] buckets = new KBucket[BUCKET_COUNT];

  RoutingTable(NodeId self, NetGroups netGroups) {
    this.self = self;
    this.exempt = netGroups::isExempt;
    for (int i = 0; i < BUCKET_COUNT; i++) {
      buckets[i] = new KBucket();
    }
  }

  NodeId self() {
    return self;
  }

  /** Whether a record of {@code id} would be stored now (already present, or room left). */
  boolean hasRoomFor(NodeId id) {
    KBucket bucket = buckets[bucketIndex(id)];
    return !id.equals(self)
        && (bucket.entries.containsKey(id) || bucket.entries.size() < BUCKET_SIZE);
  }

  /** The bucket index of {@code id}: its log distance minus one. */
  int bucketIndex(NodeId id) {
    return self.distance(id).logDistance() - 1;
  }

  /** Offers a record of a node seen alive (or vouched for); see the class rules. */
  AddResult add(NodeRecord record) {
    if (record.nodeId().equals(self)) {
      return new AddResult(Outcome.SELF, Optional.empty());
    }
    KBucket bucket = buckets[bucketIndex(record.nodeId())];
    NodeRecord existing = bucket.entries.get(record.nodeId());
    if (existing != null) {
      if (record.equals(existing) || record.supersedes(existing)) {
        boolean moved = !record.address().ip().equals(existing.address().ip());
        if (moved && !subnetAllows(bucket, record, existing)) {
          return new AddResult(Outcome.SUBNET_LIMIT, Optional.empty());
        }
        bucket.touch(record);
        return new AddResult(Outcome.UPDATED, Optional.empty());
      }
      return new AddResult(Outcome.STALE, Optional.empty());
    }
    if (!subnetAllows(bucket, record, null)) {
      return new AddResult(Outcome.SUBNET_LIMIT, Optional.empty());
    }
    if (bucket.entries.size() < BUCKET_SIZE) {
      bucket.entries.put(record.nodeId(), record);
      return new AddResult(Outcome.ADDED, Optional.empty());
    }
    bucket.addReplacement(record);
    if (bucket.pendingCheck != null) {
      return new AddResult(Outcome.CACHED, Optional.empty());
    }
    NodeRecord oldest = bucket.oldest().orElseThrow();
    bucket.pendingCheck = oldest.nodeId();
    return new AddResult(Outcome.CACHED, Optional.of(oldest));
  }

  /**
   * Applies a liveness check of {@code id}: alive moves it to the most recent end; dead removes it
   * and promotes the most recent replacement.
   */
  void onLivenessResult(NodeId id, boolean alive) {
    KBucket bucket = buckets[bucketIndex(id)];
    if (id.equals(bucket.pendingCheck)) {
      bucket.pendingCheck = null;
    }
    NodeRecord record = bucket.entries.get(id);
    if (record == null) {
      return;
    }
    if (alive) {
      bucket.touch(record);
    } else {
      remove(id);
    }
  }

  /** Removes {@code id} and promotes the most recent replacement that fits. */
  boolean remove(NodeId id) {
    KBucket bucket = buckets[bucketIndex(id)];
    if (bucket.entries.remove(id) == null) {
      bucket.replacements.removeIf(r -> r.nodeId().equals(id));
      return false;
    }
    for (int i = bucket.replacements.size() - 1; i >= 0; i--) {
      NodeRecord candidate = bucket.replacements.get(i);
      if (subnetAllows(bucket, candidate, null)) {
        bucket.replacements.remove(i);
        bucket.entries.put(candidate.nodeId(), candidate);
        break;
      }
    }
    return true;
  }

  Optional<NodeRecord> get(NodeId id) {
    return Optional.ofNullable(buckets[bucketIndex(id)].entries.get(id));
  }

  /** The records of bucket {@code index}, least recently seen first. */
  List<NodeRecord> bucket(int index) {
    return List.copyOf(buckets[index].entries.values());
  }

  /** The replacement cache of bucket {@code index}, most recent last. */
  List<NodeRecord> replacements(int index) {
    return List.copyOf(buckets[index].replacements);
  }

  int size() {
    int size = 0;
    for (KBucket bucket : buckets) {
      size += bucket.entries.size();
    }
    return size;
  }

  List<NodeRecord> all() {
    List<NodeRecord> all = new ArrayList<>();
    for (KBucket bucket : buckets) {
      all.addAll(bucket.entries.values());
    }
    return all;
  }

  /** The {@code count} records closest to {@code target}, closest first. */
  List<NodeRecord> closest(NodeId target, int count) {
    List<NodeRecord> all = all();
    all.sort(Comparator.comparing(r -> r.nodeId().distance(target)));
    return List.copyOf(all.subList(0, Math.min(count, all.size())));
  }

  /** The oldest entry of a random non-empty bucket (for periodic revalidation). */
  Optional<NodeRecord> oldestOfRandomBucket(Random random) {
    List<KBucket> nonEmpty = new ArrayList<>();
    for (KBucket bucket : buckets) {
      if (!bucket.entries.isEmpty() && bucket.pendingCheck == null) {
        nonEmpty.add(bucket);
      }
    }
    if (nonEmpty.isEmpty()) {
      return Optional.empty();
    }
    KBucket bucket = nonEmpty.get(random.nextInt(nonEmpty.size()));
    NodeRecord oldest = bucket.oldest().orElseThrow();
    bucket.pendingCheck = oldest.nodeId();
    return Optional.of(oldest);
  }

  /** The index of the closest non-empty bucket, or -1 if the table is empty. */
  int closestNonEmptyBucket() {
    for (int i = 0; i < BUCKET_COUNT; i++) {
      if (!buckets[i].entries.isEmpty()) {
        return i;
      }
    }
    return -1;
  }

  private boolean subnetAllows(KBucket bucket, NodeRecord record, NodeRecord replacing) {
    if (exempt.test(record.address().ip())) {
      return true;
    }
    String subnet = record.subnet();
    int inBucket = 0;
    for (NodeRecord r : bucket.entries.values()) {
      if (r != replacing && subnet.equals(r.subnet())) {
        inBucket++;
      }
    }
    if (inBucket >= BUCKET_SUBNET_LIMIT) {
      return false;
    }
    int inTable = 0;
    for (KBucket b : buckets) {
      for (NodeRecord r : b.entries.values()) {
        if (r != replacing && subnet.equals(r.subnet())) {
          inTable++;
        }
      }
    }
    return inTable < TABLE_SUBNET_LIMIT;
  }

  /** The IPv4 /24 or IPv6 /48 of an address. */
  static String subnet(PeerAddress address) {
    byte[] ip = address.ipBytes();
    int bytes = ip.length == 4 ? 3 : 6;
    StringBuilder text = new StringBuilder(ip.length == 4 ? "v4:" : "v6:");
    for (int i = 0; i < bytes; i++) {
      text.append(ip[i] & 0xff).append('.');
    }
    return text.toString();
  }
}
