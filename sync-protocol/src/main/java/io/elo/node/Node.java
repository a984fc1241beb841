package io.elo.node;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.mempool.AdmissionResult;
import io.elo.mempool.Mempool;
import io.elo.mempool.SourceKey;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerManager;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkListener;
import io.elo.sync.ChainMessageStats;
import io.elo.sync.ChainProtocol;
import io.elo.sync.CompactBlockStats;
import io.elo.sync.RequestLimitStats;
import io.elo.sync.SyncStatus;
import io.elo.sync.TxRelayStatus;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainListener;
import io.elo.validation.ChainState;
import io.elo.validation.ChainTip;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable full node: chain state, mempool, peer network and the chain protocol, wired
 * together. Build one with {@link #builder()}, {@link #start()} it, {@link #connect} it to peers,
 * submit transactions and blocks, query it, and {@link #close()} it. All methods are thread-safe.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int CLOSED = 2;
  // How long close() waits for a close in progress on another thread (a hang guard).
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final ChainParams params;
  private final ChainState chainState;
  private final Mempool mempool;
  private final PeerNetwork network;
  private final ChainProtocol protocol;
  private final PeerManager peerManager;
  private final BlockProduction production;
  private final RecentBlocks recent;
  private final SyncWatch syncWatch;
  private final NodeParts parts;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private volatile Thread closing;
  private NodeMetrics metrics;

  Node(NodeParts parts) {
    this.parts = parts;
    this.params = parts.params();
    this.chainState = parts.chainState();
    this.mempool = parts.mempool();
    this.network = parts.network();
    this.protocol = parts.protocol();
    this.peerManager = parts.peerManager();
    this.production = parts.production();
    this.recent = parts.recent();
    this.syncWatch = parts.syncWatch();
    chainState.addListener(recent);
    chainState.addListener(
        new ChainListener() {
          @Override
          public void tipChanged(ChainTip tip) {
            if (production != null) {
              production.onNewTip();
            }
            syncWatch.poke();
          }
        });
    parts.listeners().forEach(this::addListener);
    parts.fatalErrors().bind(this);
  }

  /** Returns a builder. */
  public static NodeBuilder builder() {
    return new NodeBuilder();
  }

  /**
   * Registers the chain protocol, starts the peer network (listening if configured) and the peer
   * manager, registers the meters and starts block production (if configured and not disabled
   * with {@link NodeBuilder#produceBlocks(boolean) produceBlocks(false)}).
   *
   * @throws IOException if the transport cannot listen or the address book cannot be read
   * @throws IllegalStateException if already started or closed
   */
  public void start() throws IOException {
    checkState(state.compareAndSet(NEW, STARTED), "node already started or closed");
    protocol.register(network);
    network.start();
    peerManager.start();
    syncWatch.start();
    if (parts.meterRegistry() != null) {
      NodeMetrics m = new NodeMetrics(parts.meterRegistry());
      m.bind(chainState, protocol, network, mempool, production);
      recent.addObserver(arrival -> m.blockArrived(arrival, syncWatch.inSync()));
      metrics = m;
    }
    if (production != null && parts.produceOnStart()) {
      production.enable(true);
    }
    LOG.info("node {} started on {} at height {}", nodeId(), params.name(), tip().height());
  }

  /**
   * Stops block production, the peer manager (saving the address book), the protocol and the
   * network (disconnecting every peer), closes the mempool (its journal) and the chain state
   * (flushing the UTXO cache), removes the meters, releases the data directory and shuts down the
   * executors the node created. Idempotent; errors are logged. A node restarted on the same data
   * directory continues at the same tip. A call while another thread is closing the node (such as
   * the node stopping itself after a {@link NodeBuilder#onFatalError fatal error}) returns once
   * that close is done.
   */
  @Override
  public void close() {
    int was = state.getAndSet(CLOSED);
    if (was == CLOSED) {
      awaitClose();
      return;
    }
    closing = Thread.currentThread();
    try {
      closeParts(was);
    } finally {
      closeDone.countDown();
    }
  }

  private void closeParts(int was) {
    if (production != null) {
      production.enable(false);
    }
    syncWatch.close();
    if (was == STARTED) {
      peerManager.close(); // only a started manager: closing saves the address book
    }
    protocol.close();
    network.close();
    if (metrics != null) {
      metrics.close();
    }
    Resources.closeQuietly(mempool::close, "mempool");
    Resources.closeQuietly(chainState::close, "chain state");
    if (parts.dataDirectory() != null) {
      Resources.closeQuietly(parts.dataDirectory()::close, "data directory lock");
    }
    parts.resources().shutdownExecutors();
  }

  private void awaitClose() {
    if (Thread.currentThread() == closing) {
      return; // a close from inside the close (a listener)
    }
    try {
      if (!closeDone.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("the node's close on another thread did not finish in {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the node after a fatal error; false if it was closed (or closing) already. */
  boolean closeAfterFailure() {
    if (state.get() == CLOSED) {
      return false;
    }
    close();
    return true;
  }

  /**
   * The first fatal error a part of the node reported (see {@link NodeBuilder#onFatalError}), if
   * any; present from the moment it is reported, before the node's close completes.
   */
  public Optional<NodeFailure> failure() {
    return Optional.ofNullable(parts.fatalErrors().failure());
  }

  /**
   * Starts block production (the {@code Miner} or {@code Sealer} configured with {@link
   * NodeBuilder#mining} or {@link NodeBuilder#sealing}). It runs while the node is in sync:
   * while the best known header is more than {@link NodeBuilder#productionMaxLag} blocks ahead of
   * the tip it pauses, and resumes once caught up. Does nothing if already on.
   *
   * @throws IllegalStateException if no block production is configured or the node is not started
   */
  public void startBlockProduction() {
    checkState(
        production != null, "no block production configured: use mining(...) or sealing(...)");
    checkState(state.get() == STARTED, "node not started");
    production.enable(true);
  }

  /** Stops block production; does nothing if it is off or none is configured. */
  public void stopBlockProduction() {
    if (production != null) {
      production.enable(false);
    }
  }

  /** Whether block production is switched on (it may still be paused during initial sync). */
  public boolean isProducingBlocks() {
    return production != null && production.isEnabled();
  }

  /** Whether block production is on but paused because the node is catching up. */
  public boolean isBlockProductionPaused() {
    return production != null && production.isPaused();
  }

  /** Blocks this node's producer made and submitted since the node was built (0 without one). */
  public long blocksProduced() {
    return production == null ? 0 : production.blocksProduced();
  }

  /**
   * The last 256 blocks connected to the best chain, oldest first, with
   * their local arrival times and sources.
   */
  public List<BlockArrival> recentBlocks() {
    return recent.snapshot();
  }

  /** The peer manager (address book, discovery, outbound target). */
  public PeerManager peerManager() {
    return peerManager;
  }

  /** The data directory, if the node stores its data in one. */
  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(parts.dataDirectory()).map(DataDirectory::root);
  }

  /** Dials a peer; the future completes once the handshake is done. */
  public CompletableFuture<Peer> connect(PeerAddress address) {
    checkState(state.get() == STARTED, "node not started");
    return network.connect(requireNonNull(address, "address"));
  }

  /**
   * Submits a transaction of the local node to the mempool; returns once it is accepted (and
   * journaled, if the mempool has a journal) or refused. As with Bitcoin Core's
   * sendrawtransaction, a transaction with missing or spent inputs is refused ({@code
   * MISSING_INPUTS}), never kept as an orphan: submit parents first. Only transactions relayed by
   * peers wait in the orphan pool.
   */
  public AdmissionResult submitTransaction(Transaction tx) {
    checkState(state.get() != CLOSED, "node closed");
    return mempool.submit(requireNonNull(tx, "tx"), SourceKey.LOCAL);
  }

  /**
   * Submits a block produced locally; it is validated by the chain writer and, if it extends the
   * best chain, announced to peers. The future completes on the writer.
   */
  public CompletableFuture<BlockSubmitResult> submitBlock(Block block) {
    recent.markLocal(requireNonNull(block, "block").hash());
    return protocol.submitBlock(block);
  }

  /** The tip of the best chain. */
  public ChainTip tip() {
    return chainState.tip();
  }

  /** The stored block {@code hash}, on any branch. */
  public Optional<Block> block(Hash hash) throws StoreException {
    return chainState.block(requireNonNull(hash, "hash"));
  }

  /** The block at {@code height} on the best chain. */
  public Optional<Block> blockAt(Height height) throws StoreException {
    return chainState.blockAt(requireNonNull(height, "height"));
  }

  /** Transactions in the mempool. */
  public int mempoolSize() {
    return mempool.size();
  }

  /** The connected peers. */
  public List<Peer> peers() {
    return network.peers();
  }

  /** The sync progress. */
  public SyncStatus syncStatus() {
    return protocol.status();
  }

  /** Counters of compact block relay (received, rebuilt at once, round trips, fallbacks). */
  public CompactBlockStats compactBlockStats() {
    return protocol.compactBlockStats();
  }

  /** Chain protocol messages and bytes received and sent per message kind. */
  public List<ChainMessageStats> messageStats() {
    return protocol.messageStats();
  }

  /** Requests served to peers, throttled and refused under the request limits, per kind. */
  public List<RequestLimitStats> requestLimitStats() {
    return protocol.requestLimitStats();
  }

  /** The same counts for one connected peer; empty if it is not connected. */
  public Optional<List<RequestLimitStats>> requestLimitStats(NodeId peer) {
    return protocol.requestLimitStats(peer);
  }

  /** Transaction relay progress and counters. */
  public TxRelayStatus relayStatus() {
    return protocol.relayStatus();
  }

  /** This node's id. */
  public NodeId nodeId() {
    return network.nodeId();
  }

  /** The address the node listens on, once started with a listen address. */
  public Optional<PeerAddress> listenAddress() {
    return network.listenAddress();
  }

  /** The chain's parameters. */
  public ChainParams params() {
    return params;
  }

  /** The chain state (for queries such as UTXOs; submit blocks through {@link #submitBlock}). */
  public ChainState chainState() {
    return chainState;
  }

  /** The mempool. */
  public Mempool mempool() {
    return mempool;
  }

  /** The peer network (bans, static peers, counters). */
  public PeerNetwork network() {
    return network;
  }

  /** Adds a listener for chain, block arrival and peer events. */
  public void addListener(NodeListener listener) {
    requireNonNull(listener, "listener");
    recent.addObserver(listener::blockArrived);
    chainState.addListener(
        new ChainListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            listener.blockConnected(block, height);
          }

          @Override
          public void blockDisconnected(Block block, Height height) {
            listener.blockDisconnected(block, height);
          }

          @Override
          public void tipChanged(ChainTip tip) {
            listener.tipChanged(tip);
          }
        });
    network.addListener(
        new PeerNetworkListener() {
          @Override
          public void onPeerConnected(Peer peer) {
            listener.peerConnected(peer);
          }

          @Override
          public void onPeerDisconnected(Peer peer, DisconnectReason reason, boolean byRemote) {
            listener.peerDisconnected(peer, reason);
          }
        });
  }

  @Override
  public String toString() {
    return "Node{" + params.name() + ", " + nodeId() + ", height " + tip().height() + "}";
  }
}
