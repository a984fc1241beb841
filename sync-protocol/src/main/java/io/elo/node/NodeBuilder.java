package io.elo.node;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolPolicy;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkBuilder;
import io.elo.p2p.Transport;
import io.elo.sync.ChainProtocol;
import io.elo.sync.SyncConfig;
import io.elo.validation.ChainState;
import io.elo.validation.InMemoryBlockStore;
import io.elo.validation.InMemoryChainStore;
import io.elo.validation.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds a {@link Node}. Required: {@link #params}, {@link #transport}, {@link #identity}. The
 * clock, scheduler, executors and randomness default to the system clock, threads the node owns
 * (shut down by {@link Node#close()}) and a {@link SecureRandom}; give a {@code
 * SimulatedScheduler} as clock, scheduler, executor and writer to run many nodes deterministically
 * on one {@code SimulatedNetwork}. Stores are in memory. Not thread-safe.
 */
public final class NodeBuilder {
  /** Default for {@link #signatureCacheSize}. */
  public static final int DEFAULT_SIGNATURE_CACHE = 100_000;

  private ChainParams params;
  private Transport transport;
  private NodeIdentity identity;
  private PeerAddress listenAddress;
  private InstantSource clock;
  private ScheduledExecutorService scheduler;
  private Executor executor;
  private Executor writer;
  private Random random;
  private MeterRegistry meterRegistry;
  private SyncConfig syncConfig = SyncConfig.defaults();
  private MempoolPolicy mempoolPolicy = MempoolPolicy.defaults();
  private Path mempoolJournal;
  private int signatureCacheSize = DEFAULT_SIGNATURE_CACHE;
  private Consumer<PeerNetworkBuilder> networkOptions = b -> {};
  private final List<NodeListener> listeners = new ArrayList<>();

  NodeBuilder() {}

  /** The chain to follow (required). */
  public NodeBuilder params(ChainParams value) {
    this.params = requireNonNull(value, "params");
    return this;
  }

  /** The transport peers connect over (required). */
  public NodeBuilder transport(Transport value) {
    this.transport = requireNonNull(value, "transport");
    return this;
  }

  /** The node's identity; its key signs the peer handshake (required). */
  public NodeBuilder identity(NodeIdentity value) {
    this.identity = requireNonNull(value, "identity");
    return this;
  }

  /** Where to listen for peers; without it the node only dials out. */
  public NodeBuilder listenAddress(PeerAddress value) {
    this.listenAddress = requireNonNull(value, "listenAddress");
    return this;
  }

  /** The clock (default the system UTC clock). */
  public NodeBuilder clock(InstantSource value) {
    this.clock = requireNonNull(value, "clock");
    return this;
  }

  /** The scheduler for timers and network callbacks (default one thread the node owns). */
  public NodeBuilder scheduler(ScheduledExecutorService value) {
    this.scheduler = requireNonNull(value, "scheduler");
    return this;
  }

  /**
   * The executor for signature checks and mempool upkeep (default a pool of one thread per core
   * the node owns). It must not run tasks on the calling thread.
   */
  public NodeBuilder executor(Executor value) {
    this.executor = requireNonNull(value, "executor");
    return this;
  }

  /** The chain writer's executor: one submission at a time (default one thread the node owns). */
  public NodeBuilder writer(Executor value) {
    this.writer = requireNonNull(value, "writer");
    return this;
  }

  /** Randomness for nonces and salts (default a {@link SecureRandom}). */
  public NodeBuilder random(Random value) {
    this.random = requireNonNull(value, "random");
    return this;
  }

  /** Registers the node's gauges (tip height, best header, peers, mempool, downloads) here. */
  public NodeBuilder meterRegistry(MeterRegistry value) {
    this.meterRegistry = requireNonNull(value, "meterRegistry");
    return this;
  }

  /** The chain protocol's limits (default {@link SyncConfig#defaults()}). */
  public NodeBuilder syncConfig(SyncConfig value) {
    this.syncConfig = requireNonNull(value, "syncConfig");
    return this;
  }

  /** The mempool policy (default {@link MempoolPolicy#defaults()}). */
  public NodeBuilder mempoolPolicy(MempoolPolicy value) {
    this.mempoolPolicy = requireNonNull(value, "mempoolPolicy");
    return this;
  }

  /** Journals accepted transactions in {@code directory} (default: the mempool is in memory). */
  public NodeBuilder mempoolJournal(Path directory) {
    this.mempoolJournal = requireNonNull(directory, "directory");
    return this;
  }

  /** Entries of the signature cache shared by validation and mempool (default 100,000). */
  public NodeBuilder signatureCacheSize(int value) {
    checkArgument(value > 0, "signatureCacheSize must be positive: %s", value);
    this.signatureCacheSize = value;
    return this;
  }

  /**
   * Further peer network settings (peer slots, timeouts, rate limits, static peers, ban list
   * file); applied after the node's own, which it must not replace.
   */
  public NodeBuilder network(Consumer<PeerNetworkBuilder> options) {
    this.networkOptions = requireNonNull(options, "options");
    return this;
  }

  /** Adds a listener. */
  public NodeBuilder listener(NodeListener value) {
    listeners.add(requireNonNull(value, "listener"));
    return this;
  }

  /**
   * Opens the chain state and mempool and builds the network and chain protocol; nothing
   * connects until {@link Node#start()}.
   *
   * @throws IllegalStateException if a required value is missing
   * @throws StoreException if the chain state cannot be opened
   * @throws IOException if the mempool journal cannot be read
   */
  public Node build() throws StoreException, IOException {
    checkState(params != null, "params not set");
    checkState(transport != null, "transport not set");
    checkState(identity != null, "identity not set");
    Owned owned = new Owned();
    InstantSource clk = clock != null ? clock : Clock.systemUTC();
    ScheduledExecutorService sched =
        scheduler != null ? scheduler : owned.add(Executors.newSingleThreadScheduledExecutor(
            daemon("elo-scheduler")));
    Executor exec =
        executor != null
            ? executor
            : owned.add(Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), daemon("elo-worker")));
    Executor write =
        writer != null ? writer : owned.add(Executors.newSingleThreadExecutor(daemon("elo-chain")));
    Random rnd = random != null ? random : new SecureRandom();
    ChainState chainState =
        ChainState.builder(params)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .executor(exec)
            .signatureCache(new SignatureCache(signatureCacheSize))
            .clock(clk)
            .build();
    Mempool mempool;
    try {
      Mempool.Builder mb =
          Mempool.forChain(chainState).policy(mempoolPolicy).clock(clk).executor(exec);
      if (mempoolJournal != null) {
        mb.journal(mempoolJournal);
      }
      mempool = mb.build();
    } catch (IOException | RuntimeException e) {
      chainState.close();
      owned.shutdown();
      throw e;
    }
    PeerNetworkBuilder nb =
        PeerNetwork.builder()
            .transport(transport)
            .identity(identity)
            .networkId(params.networkId())
            .genesisHash(params.genesisHash())
            .clock(clk)
            .scheduler(sched)
            .random(rnd);
    if (listenAddress != null) {
      nb.listenAddress(listenAddress);
    }
    networkOptions.accept(nb);
    PeerNetwork network = nb.build();
    ChainProtocol protocol =
        ChainProtocol.builder(chainState)
            .config(syncConfig)
            .clock(clk)
            .scheduler(sched)
            .writer(write)
            .relayExecutor(exec)
            .random(rnd)
            .mempool(mempool)
            .build();
    return new Node(
        params, chainState, mempool, network, protocol, meterRegistry, listeners, owned);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Executors the node created and shuts down on close. */
  static final class Owned {
    private final List<ExecutorService> executors = new ArrayList<>();

    <T extends ExecutorService> T add(T executor) {
      executors.add(executor);
      return executor;
    }

    void shutdown() {
      executors.forEach(ExecutorService::shutdownNow);
    }
  }
}
