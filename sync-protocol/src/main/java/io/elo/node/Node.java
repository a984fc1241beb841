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
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkListener;
import io.elo.sync.ChainProtocol;
import io.elo.sync.SyncStatus;
import io.elo.sync.TxRelayStatus;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainListener;
import io.elo.validation.ChainState;
import io.elo.validation.ChainTip;
import io.elo.validation.StoreException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
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

  private final ChainParams params;
  private final ChainState chainState;
  private final Mempool mempool;
  private final PeerNetwork network;
  private final ChainProtocol protocol;
  private final MeterRegistry meterRegistry;
  private final NodeBuilder.Owned owned;
  private final List<Meter> meters = new ArrayList<>();
  private final AtomicInteger state = new AtomicInteger(NEW);

  Node(
      ChainParams params,
      ChainState chainState,
      Mempool mempool,
      PeerNetwork network,
      ChainProtocol protocol,
      MeterRegistry meterRegistry,
      List<NodeListener> listeners,
      NodeBuilder.Owned owned) {
    this.params = params;
    this.chainState = chainState;
    this.mempool = mempool;
    this.network = network;
    this.protocol = protocol;
    this.meterRegistry = meterRegistry;
    this.owned = owned;
    listeners.forEach(this::addListener);
  }

  /** Returns a builder. */
  public static NodeBuilder builder() {
    return new NodeBuilder();
  }

  /**
   * Registers the chain protocol, starts the peer network (listening if configured) and registers
   * the gauges.
   *
   * @throws IOException if the transport cannot listen
   * @throws IllegalStateException if already started or closed
   */
  public void start() throws IOException {
    checkState(state.compareAndSet(NEW, STARTED), "node already started or closed");
    protocol.register(network);
    network.start();
    if (meterRegistry != null) {
      gauge("elo.chain.height", n -> n.chainState.tip().height().value());
      gauge("elo.sync.best.header.height", n -> n.protocol.status().bestHeaderHeight().value());
      gauge("elo.sync.blocks.in.flight", n -> n.protocol.status().blocksInFlight());
      gauge("elo.peers", n -> n.network.peers().size());
      gauge("elo.mempool.size", n -> n.mempool.size());
    }
    LOG.info("node {} started on {} at height {}", nodeId(), params.name(), tip().height());
  }

  private void gauge(String name, ToDoubleFunction<Node> value) {
    meters.add(Gauge.builder(name, this, value).register(meterRegistry));
  }

  /**
   * Stops the protocol, disconnects every peer, closes the mempool and the chain state (flushing
   * it) and shuts down the executors the node created. Idempotent; errors are logged.
   */
  @Override
  public void close() {
    if (state.getAndSet(CLOSED) == CLOSED) {
      return;
    }
    protocol.close();
    network.close();
    if (meterRegistry != null) {
      meters.forEach(meterRegistry::remove);
    }
    try {
      mempool.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the mempool failed", e);
    }
    try {
      chainState.close();
    } catch (StoreException | RuntimeException e) {
      LOG.warn("closing the chain state failed", e);
    }
    owned.shutdown();
  }

  /** Dials a peer; the future completes once the handshake is done. */
  public CompletableFuture<Peer> connect(PeerAddress address) {
    checkState(state.get() == STARTED, "node not started");
    return network.connect(requireNonNull(address, "address"));
  }

  /**
   * Submits a transaction of the local node to the mempool; returns once it is accepted (and
   * journaled, if the mempool has a journal) or refused.
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
    return protocol.submitBlock(requireNonNull(block, "block"));
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

  /** Adds a listener for chain and peer events. */
  public void addListener(NodeListener listener) {
    requireNonNull(listener, "listener");
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
