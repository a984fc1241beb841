package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A node found by discovery: its id and the address its signed record announces.
 *
 * @param nodeId the node id (derived from the record's key)
 * @param address the announced address
 * @param sequence the record's sequence number (higher is newer)
 */
public record DiscoveredNode(NodeId nodeId, PeerAddress address, long sequence) {
  /** Validates the fields. */
  public DiscoveredNode {
    checkNotNull(nodeId, "nodeId");
    checkNotNull(address, "address");
    checkArgument(sequence >= 0, "negative sequence");
  }
}
