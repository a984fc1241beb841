package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A ban: connections from {@code ip} or by {@code nodeId} are refused until {@code until}.
 *
 * <p>Bans key on IP plus node id: a misbehaving peer is banned under both, so neither a new key on
 * the same IP nor the same key from another IP gets back in. Either part may be absent (a manual
 * ban of one IP). The IP part is not enforced for addresses the network exempts (loopback by
 * default), so local test networks do not ban every node at once.
 *
 * @param ip the banned IP, if any
 * @param nodeId the banned node id, if any
 * @param until when the ban ends, by the network's clock
 * @param reason a human-readable reason, at most 200 characters
 */
public record Ban(Optional<InetAddress> ip, Optional<NodeId> nodeId, Instant until, String reason) {
  /** Maximum length of a ban reason. */
  public static final int MAX_REASON_LENGTH = 200;

  /** Validates that the ban names an IP or a node id. */
  public Ban {
    checkNotNull(ip, "ip");
    checkNotNull(nodeId, "nodeId");
    checkNotNull(until, "until");
    checkNotNull(reason, "reason");
    checkArgument(ip.isPresent() || nodeId.isPresent(), "a ban names an IP or a node id");
    checkArgument(reason.length() <= MAX_REASON_LENGTH, "ban reason too long");
    ip = ip.map(PeerAddress::normalizeIp);
  }

  /** Whether the ban has ended at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(until);
  }
}
