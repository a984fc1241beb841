package io.elo.node;

import io.elo.consensus.ChainParams;
import io.elo.mempool.Mempool;
import io.elo.p2p.PeerManager;
import io.elo.p2p.PeerNetwork;
import io.elo.sync.ChainProtocol;
import io.elo.validation.ChainState;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** The components {@link NodeAssembly} opened, handed to the {@link Node}. */
record NodeParts(
    ChainParams params,
    ChainState chainState,
    Mempool mempool,
    PeerNetwork network,
    ChainProtocol protocol,
    PeerManager peerManager,
    BlockProduction production,
    boolean produceOnStart,
    RecentBlocks recent,
    SyncWatch syncWatch,
    MeterRegistry meterRegistry,
    List<NodeListener> listeners,
    DataDirectory dataDirectory,
    ScheduledExecutorService scheduler,
    Resources resources,
    FatalErrors fatalErrors) {}
