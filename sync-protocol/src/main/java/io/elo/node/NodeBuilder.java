package io.elo.node;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PrivateKey;
import io.elo.crypto.PublicKeyCache;
import io.elo.mempool.MempoolPolicy;
import io.elo.model.Address;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerManagerBuilder;
import io.elo.p2p.PeerNetworkBuilder;
import io.elo.p2p.Transport;
import io.elo.sync.SyncConfig;
import io.elo.validation.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds a {@link Node}. Required: {@link #params}, a transport ({@link #transport(Transport)} or
 * {@link #transport(TransportFactory)}), and an {@link #identity} unless a {@link #dataDirectory}
 * holds one. With a data directory the node stores blocks, the UTXO set, the mempool, the address
 * book, the ban list and its key there (docs/node.md); without one everything is in memory. The
 * clock, scheduler, executors and randomness default to the system clock, threads the node owns
 * (shut down by {@link Node#close()}) and a {@link SecureRandom}; give a {@code
 * SimulatedScheduler} as clock, scheduler, executor and writer to run many nodes deterministically
 * on one {@code SimulatedNetwork}. Not thread-safe.
 */
public final class NodeBuilder {
  /** Default for {@link #signatureCacheSize}. */
  public static final int DEFAULT_SIGNATURE_CACHE = 100_000;

  /** Default for {@link #keyCacheSize}: {@link PublicKeyCache#DEFAULT_MAX_ENTRIES}. */
  public static final int DEFAULT_KEY_CACHE = PublicKeyCache.DEFAULT_MAX_ENTRIES;

  /** Default for {@link #productionMaxLag}: blocks the best header may be ahead of the tip. */
  public static final int DEFAULT_PRODUCTION_MAX_LAG = 6;

  ChainParams params;
  Transport transport;
  TransportFactory transportFactory;
  boolean plaintext;
  NodeIdentity identity;
  Path dataDirectory;
  SecureRandom secureRandom;
  Address miningReward;
  int miningThreads;
  PrivateKey sealingKey;
  Address sealingReward;
  boolean produceBlocks = true;
  int productionMaxLag = DEFAULT_PRODUCTION_MAX_LAG;
  final List<PeerAddress> bootstrap = new ArrayList<>();
  Consumer<PeerManagerBuilder> peerManagerOptions = b -> {};
  boolean txIndex;
  boolean addressIndex;
  PeerAddress listenAddress;
  InstantSource clock;
  ScheduledExecutorService scheduler;
  Executor executor;
  Executor writer;
  Random random;
  MeterRegistry meterRegistry;
  SyncConfig syncConfig = SyncConfig.defaults();
  MempoolPolicy mempoolPolicy = MempoolPolicy.defaults();
  Path mempoolJournal;
  int signatureCacheSize = DEFAULT_SIGNATURE_CACHE;
  int keyCacheSize = DEFAULT_KEY_CACHE;
  Consumer<PeerNetworkBuilder> networkOptions = b -> {};
  final List<NodeListener> listeners = new ArrayList<>();
  Consumer<NodeFailure> onFatalError;

  NodeBuilder() {}

  /** The chain to follow (required). */
  public NodeBuilder params(ChainParams value) {
    this.params = requireNonNull(value, "params");
    return this;
  }

  /**
   * A prebuilt transport peers connect over (for example a {@code SimulatedNetwork} transport);
   * it brings its own security. Replaces a {@link #transport(TransportFactory) factory}.
   */
  public NodeBuilder transport(Transport value) {
    this.transport = requireNonNull(value, "transport");
    this.transportFactory = null;
    return this;
  }

  /**
   * Creates the transport once the identity is known, handing it the node's channel security:
   * {@link io.elo.p2p.ChannelSecurity#encrypted} for the node identity, unless {@link
   * #plaintext()} was called. Replaces a prebuilt {@link #transport(Transport) transport}.
   */
  public NodeBuilder transport(TransportFactory factory) {
    this.transportFactory = requireNonNull(factory, "factory");
    this.transport = null;
    return this;
  }

  /**
   * Gives the {@link #transport(TransportFactory) transport factory} plaintext channel security
   * (no encryption; only for networks that secure links otherwise). Encrypted is the default.
   */
  public NodeBuilder plaintext() {
    this.plaintext = true;
    return this;
  }

  /**
   * The node's identity; its key signs the peer handshake. Required without a data directory;
   * with one it overrides the directory's {@code node.key} (which is then neither read nor
   * written).
   */
  public NodeBuilder identity(NodeIdentity value) {
    this.identity = requireNonNull(value, "identity");
    return this;
  }

  /**
   * Stores everything in {@code directory} (created if absent) under an exclusive lock: block
   * files, the MapDB UTXO store (reset and rebuilt from the block files if corrupt), the mempool
   * journal, the address book, the ban list and the node key (created on first start). Without it
   * the stores are in memory. Layout in docs/node.md.
   */
  public NodeBuilder dataDirectory(Path directory) {
    this.dataDirectory = requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Randomness for keys: the node key created in a data directory and the secure channel's Noise
   * keys (default a new {@link SecureRandom}).
   */
  public NodeBuilder secureRandom(SecureRandom value) {
    this.secureRandom = requireNonNull(value, "secureRandom");
    return this;
  }

  /**
   * Mines on a proof-of-work chain with {@code threads} threads (1 to 64), paying the coinbase to
   * {@code reward}. {@link #build()} refuses it for a proof-of-authority chain.
   */
  public NodeBuilder mining(Address reward, int threads) {
    checkArgument(threads >= 1 && threads <= 64, "threads must be in [1, 64]: %s", threads);
    this.miningReward = requireNonNull(reward, "reward");
    this.miningThreads = threads;
    return this;
  }

  /**
   * Seals blocks on a proof-of-authority chain with the authority key {@code signer}, paying the
   * coinbase to {@code reward}. {@link #build()} refuses it for a proof-of-work chain, or if the
   * key is not one of the chain's authorities.
   */
  public NodeBuilder sealing(PrivateKey signer, Address reward) {
    this.sealingKey = requireNonNull(signer, "signer");
    this.sealingReward = requireNonNull(reward, "reward");
    return this;
  }

  /**
   * Whether {@link Node#start()} starts block production, if {@link #mining} or {@link #sealing}
   * is set (default true); {@link Node#startBlockProduction()} starts it later.
   */
  public NodeBuilder produceBlocks(boolean value) {
    this.produceBlocks = value;
    return this;
  }

  /**
   * Block production pauses while the best known header is more than {@code blocks} ahead of the
   * tip (initial sync), and resumes when the node caught up (default {@value
   * #DEFAULT_PRODUCTION_MAX_LAG}). The same rule decides when block propagation delays are
   * recorded.
   */
  public NodeBuilder productionMaxLag(int blocks) {
    checkArgument(blocks >= 0, "productionMaxLag must be >= 0: %s", blocks);
    this.productionMaxLag = blocks;
    return this;
  }

  /** Bootstrap peers for the peer manager: put in the address book and pinged by discovery. */
  public NodeBuilder bootstrap(PeerAddress... addresses) {
    return bootstrap(Arrays.asList(addresses));
  }

  /** Bootstrap peers for the peer manager: put in the address book and pinged by discovery. */
  public NodeBuilder bootstrap(List<PeerAddress> addresses) {
    for (PeerAddress a : addresses) {
      bootstrap.add(requireNonNull(a, "address"));
    }
    return this;
  }

  /**
   * Further peer manager settings (outbound target, inbound limits, discovery, peer exchange,
   * intervals); applied after the node's own (discovery and peer exchange on, bootstrap
   * addresses, {@code peers.dat} in the data directory).
   */
  public NodeBuilder peerManager(Consumer<PeerManagerBuilder> options) {
    this.peerManagerOptions = requireNonNull(options, "options");
    return this;
  }

  /**
   * Keeps the transaction index, txid to block and position (default off). In memory, rebuilt at
   * open by replaying the stored best chain (docs/node.md gives the cost).
   */
  public NodeBuilder txIndex(boolean value) {
    this.txIndex = value;
    return this;
  }

  /**
   * Keeps the address index, unspent outputs and history per address (default off). In memory,
   * rebuilt at open by replaying the stored best chain.
   */
  public NodeBuilder addressIndex(boolean value) {
    this.addressIndex = value;
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

  /** Registers the node's meters here (docs/node.md, "Metrics"). */
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

  /**
   * Journals accepted transactions in {@code directory} (default: the data directory's {@code
   * mempool/}, or in memory without one).
   */
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
   * Entries of the node's cache of decoded public keys, shared by validation and mempool (default
   * 65,536, at most about 32 MiB); 0 keeps none, so every key is fully decoded each time it is
   * needed. Each node has its own: nodes in one JVM never share decoded keys.
   */
  public NodeBuilder keyCacheSize(int value) {
    checkArgument(value >= 0, "keyCacheSize must not be negative: %s", value);
    this.keyCacheSize = value;
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
   * Called once if the node stops itself after a fatal error (docs/node.md, "Fatal errors"): an
   * {@link Error} such as an {@code OutOfMemoryError} or a {@code StackOverflowError}, or a failure
   * that leaves a part of the node dead, in the transport's I/O thread, the chain writer (or a
   * chain state whose write failed), the scheduler the node created or another thread it created.
   * Rather than run on half-dead, the node logs the error and closes itself as by {@link
   * Node#close()} (the chain store is left consistent: docs/storage.md); then, on a thread of its
   * own, it calls {@code handler} with what failed. The library never exits the JVM: that is the
   * application's call (the reference node exits with a non-zero code, docs/operations.md).
   * Errors in executors the application passed ({@link #scheduler}, {@link #executor}, {@link
   * #writer}) are the application's to watch, except those of the chain writer's jobs. Default:
   * none, the node only logs and closes.
   */
  public NodeBuilder onFatalError(Consumer<NodeFailure> handler) {
    this.onFatalError = requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Opens the stores (locking the data directory, if any), creates the transport and builds the
   * network, peer manager, chain protocol and block producer; nothing connects until {@link
   * Node#start()}. On failure everything opened so far is closed again.
   *
   * @throws IllegalStateException if a required value is missing, {@link #plaintext()} is set
   *     with a prebuilt transport, or block production does not match the chain's consensus
   * @throws IllegalArgumentException if the sealing key is not an authority of the chain
   * @throws StoreException if the chain state cannot be opened
   * @throws IOException if the data directory is locked by another node or unreadable, the node
   *     key is invalid, the mempool journal cannot be read, or the transport cannot be created
   */
  public Node build() throws StoreException, IOException {
    return NodeAssembly.assemble(this);
  }
}
