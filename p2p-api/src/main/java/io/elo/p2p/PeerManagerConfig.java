package io.elo.p2p;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a {@link DefaultPeerManager} is built from; validated by {@link PeerManagerBuilder}.
 */
record PeerManagerConfig(
    int outboundTarget,
    int maxInbound,
    int maxPerIp,
    int maxPerNetGroup,
    NetGroups netGroups,
    List<PeerAddress> bootstrap,
    Optional<Path> addressBookFile,
    boolean discovery,
    boolean peerExchange,
    Duration connectInterval,
    Duration feelerInterval,
    Duration saveInterval) {}
