package io.elo.p2p.tcp;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NetGroups;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadFactory;

/** The settings of one {@link TcpTransport}, validated by {@link TcpTransportBuilder}. */
record TcpConfig(
    Duration connectTimeout,
    Duration closeTimeout,
    int maxFrameSize,
    int sendQueueFrames,
    long sendQueueBytes,
    int heldInboundBytes,
    long frameBudget,
    int socketSendBuffer,
    int socketReceiveBuffer,
    int acceptBacklog,
    int ioThreads,
    InstantSource clock,
    ThreadFactory threadFactory,
    ChannelSecurity security,
    Duration handshakeTimeout,
    int maxPendingHandshakes,
    int maxPendingHandshakesPerIp,
    int maxPendingHandshakesPerNetGroup,
    NetGroups netGroups) {}
