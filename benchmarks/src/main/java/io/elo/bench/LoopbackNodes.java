package io.elo.bench;

import io.elo.consensus.ChainParams;
import io.elo.mempool.MempoolListener;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * In-process {@link Node}s on real threads over encrypted TCP on loopback (the production
 * transport: {@code TcpTransport} behind the node's Noise channel), each with its own threads,
 * in-memory stores, no block production, and a peer manager that neither dials nor discovers (the
 * benchmark chooses the topology). Every node's transport is wrapped by one {@link RelayCounter}
 * and every node counts its mempool arrivals. Closing closes every node.
 */
final class LoopbackNodes implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChainParams params;
  private final RelayCounter counter = new RelayCounter();
  private final List<Node> nodes = new ArrayList<>();
  private final List<AtomicLong> arrivals = new ArrayList<>();

  LoopbackNodes(ChainParams params) {
    this.params = params;
  }

  /** The relay counter wrapping every node's transport. */
  RelayCounter counter() {
    return counter;
  }

  /** The nodes started so far. */
  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Transactions that entered node {@code index}'s mempool since it started. */
  long arrivals(int index) {
    return arrivals.get(index).get();
  }

  /** The fewest mempool arrivals of any node. */
  long arrivedEverywhere() {
    return arrivals.stream().mapToLong(AtomicLong::get).min().orElse(0);
  }

  /** Builds and starts a node with the defaults plus {@code options}. */
  Node add(Consumer<NodeBuilder> options) throws IOException, StoreException {
    NodeBuilder builder =
        Node.builder()
            .params(params)
            .transport(security -> counter.wrap(TcpTransport.builder().security(security).build()))
            .identity(NodeIdentity.generate(RANDOM))
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            .peerManager(pm -> pm.outboundTarget(0).discovery(false).peerExchange(false));
    options.accept(builder);
    Node node = builder.build();
    AtomicLong count = new AtomicLong();
    node.mempool()
        .addListener(
            new MempoolListener() {
              @Override
              public void transactionAdded(Transaction tx, Amount fee) {
                count.incrementAndGet();
              }
            });
    try {
      node.start();
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    nodes.add(node);
    arrivals.add(count);
    return node;
  }

  /** Builds and starts a node with the defaults. */
  Node add() throws IOException, StoreException {
    return add(b -> {});
  }

  /** Closes {@code node} and forgets it. */
  void remove(Node node) {
    int index = nodes.indexOf(node);
    if (index >= 0) {
      nodes.remove(index);
      arrivals.remove(index);
    }
    node.close();
  }

  /**
   * Submits {@code blocks} in order to {@code node} as local blocks, at most 256 queued at a time
   * (the chain writer's queue is bounded), and fails unless each is connected.
   */
  static void submitAll(Node node, List<Block> blocks) throws Exception {
    List<CompletableFuture<BlockSubmitResult>> pending = new ArrayList<>();
    for (Block block : blocks) {
      if (pending.size() == 256) {
        expectConnected(pending.remove(0));
      }
      pending.add(node.submitBlock(block));
    }
    for (CompletableFuture<BlockSubmitResult> f : pending) {
      expectConnected(f);
    }
  }

  private static void expectConnected(CompletableFuture<BlockSubmitResult> future)
      throws Exception {
    BlockSubmitResult r = future.get(10, TimeUnit.MINUTES);
    if (!(r instanceof BlockSubmitResult.Connected)) {
      throw new IllegalStateException("block refused: " + r);
    }
  }

  /** Dials {@code to} from {@code from} and waits for the handshake. */
  static void connect(Node from, Node to) throws Exception {
    from.connect(to.listenAddress().orElseThrow()).get(30, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every millisecond until it holds; false after {@code millis}. */
  static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  @Override
  public void close() {
    nodes.forEach(Node::close);
  }
}
