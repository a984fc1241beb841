package io.elo.p2p;

import java.util.Optional;

/**
 * A snapshot of one address book entry.
 *
 * @param address the address
 * @param nodeId the node id, if learned from discovery or a connection
 * @param tried whether the address is in the tried table (a connection to it succeeded)
 * @param timestamp when it was last seen alive (epoch millis, as announced and clamped)
 * @param lastSuccess the last successful connection (epoch millis, 0 if never)
 * @param attempts failed attempts since the last success
 * @param lastTry the last connection attempt (epoch millis, 0 if never)
 */
record KnownAddress(
    PeerAddress address,
    Optional<NodeId> nodeId,
    boolean tried,
    long timestamp,
    long lastSuccess,
    int attempts,
    long lastTry) {}
