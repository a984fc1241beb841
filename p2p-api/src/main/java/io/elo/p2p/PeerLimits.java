package io.elo.p2p;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer manager's admission policy: static peers always join; inbound peers are capped per IP
 * and per net group (exempt addresses aside) and in total, evicting by {@link InboundEviction} when
 * full; outbound peers are capped at {@code maxOutbound}. Runs under the network's lock, so it
 * keeps its own state (the "useful" marks) in a concurrent map and never calls out.
 */
final class PeerLimits implements NetworkHooks.AdmissionPolicy {
  private final NetGroups netGroups;
  private final int maxInbound;
  private final int maxOutbound;
  private final int maxPerIp;
  private final int maxPerNetGroup;
  private final byte[] key;
  private final Map<NodeId, Instant> lastUseful = new ConcurrentHashMap<>();

  PeerLimits(
      NetGroups netGroups,
      int maxInbound,
      int maxOutbound,
      int maxPerIp,
      int maxPerNetGroup,
      byte[] key) {
    this.netGroups = netGroups;
    this.maxInbound = maxInbound;
    this.maxOutbound = maxOutbound;
    this.maxPerIp = maxPerIp;
    this.maxPerNetGroup = maxPerNetGroup;
    this.key = key.clone();
  }

  void markUseful(NodeId peer, Instant now) {
    lastUseful.put(peer, now);
  }

  void forget(NodeId peer) {
    lastUseful.remove(peer);
  }

  @Override
  public NetworkHooks.Decision admit(Peer candidate, Collection<? extends Peer> active) {
    if (candidate.isStatic()) {
      return NetworkHooks.Decision.admit();
    }
    if (!candidate.isInbound()) {
      long outbound = active.stream().filter(p -> !p.isInbound() && !p.isStatic()).count();
      return outbound >= maxOutbound
          ? NetworkHooks.Decision.refuse(DisconnectReason.TOO_MANY_PEERS)
          : NetworkHooks.Decision.admit();
    }
    List<Peer> inbound = active.stream().filter(Peer::isInbound).map(p -> (Peer) p).toList();
    var ip = candidate.address().ip();
    if (!netGroups.isExempt(ip)) {
      NetGroup group = netGroups.netGroup(ip);
      long sameIp = inbound.stream().filter(p -> p.address().ip().equals(ip)).count();
      long sameGroup =
          inbound.stream().filter(p -> netGroups.netGroup(p.address().ip()).equals(group)).count();
      if (sameIp >= maxPerIp || sameGroup >= maxPerNetGroup) {
        return NetworkHooks.Decision.refuse(DisconnectReason.TOO_MANY_PEERS);
      }
    }
    if (inbound.size() < maxInbound) {
      return NetworkHooks.Decision.admit();
    }
    List<InboundEviction.Candidate> candidates = new ArrayList<>();
    for (Peer peer : inbound) {
      if (!peer.isStatic()) {
        candidates.add(candidate(peer));
      }
    }
    Optional<InboundEviction.Candidate> victim = InboundEviction.select(candidates);
    return victim
        .map(v -> NetworkHooks.Decision.admitEvicting(v.peer()))
        .orElse(NetworkHooks.Decision.refuse(DisconnectReason.TOO_MANY_PEERS));
  }

  InboundEviction.Candidate candidate(Peer peer) {
    NetGroup group = netGroups.netGroup(peer.address().ip());
    return new InboundEviction.Candidate(
        peer,
        group,
        keyedHash(group),
        peer.minRtt().orElse(Duration.ofDays(365)),
        lastUseful.getOrDefault(peer.nodeId(), Instant.EPOCH),
        peer.connectedAt());
  }

  private long keyedHash(NetGroup group) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(key);
      digest.update(group.name().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
