package io.elo.node;

import io.elo.consensus.ChainParams;
import io.elo.model.Block;
import io.elo.p2p.LinkProfile;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SimulatedNetwork;
import io.elo.p2p.SimulatedScheduler;
import io.elo.sync.SyncConfig;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Shared fixture (test-jar): full {@link Node}s on one {@link SimulatedNetwork}, every one on its
 * virtual scheduler (clock, scheduler, executor and chain writer), so a run is deterministic.
 */
public final class SimulatedNodes implements AutoCloseable {
  /** The port every node listens on. */
  public static final int PORT = 9000;

  private final SimulatedNetwork sim;
  private final ChainParams params;
  private final List<Node> nodes = new ArrayList<>();

  private SimulatedNodes(SimulatedNetwork sim, ChainParams params) {
    this.sim = sim;
    this.params = params;
  }

  /** Nodes of {@code params} on a network seeded with {@code seed}, 50 ms links, clock at start. */
  public static SimulatedNodes create(long seed, ChainParams params, Instant start) {
    return new SimulatedNodes(
        SimulatedNetwork.create(seed, start, LinkProfile.ofLatency(Duration.ofMillis(50))), params);
  }

  /** The simulated network. */
  public SimulatedNetwork network() {
    return sim;
  }

  /** The shared virtual scheduler. */
  public SimulatedScheduler scheduler() {
    return sim.scheduler();
  }

  /** The nodes added so far. */
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** A builder for a node on a new host, with every simulated dependency set. */
  public NodeBuilder builder() {
    return builder(sim.newHost());
  }

  /** A builder for a node on {@code host}. */
  public NodeBuilder builder(InetAddress host) {
    return Node.builder()
        .params(params)
        .transport(sim.newTransport(host))
        .identity(sim.newIdentity())
        .listenAddress(new PeerAddress(host, PORT))
        .clock(sim.scheduler())
        .scheduler(sim.scheduler())
        .executor(sim.scheduler())
        .writer(sim.scheduler())
        .random(sim.newRandom())
        // Tests choose the topology: the peer manager neither dials nor discovers.
        .peerManager(pm -> pm.outboundTarget(0).discovery(false).peerExchange(false));
  }

  /** Adds and starts a node with the default configuration. */
  public Node add() {
    return add(builder());
  }

  /** Adds and starts a node with {@code config}. */
  public Node add(SyncConfig config) {
    return add(builder().syncConfig(config));
  }

  /** Builds, starts and remembers the node of {@code builder}. */
  public Node add(NodeBuilder builder) {
    try {
      Node node = builder.build();
      node.start();
      nodes.add(node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (StoreException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Connects {@code from} to {@code to} and waits for the handshake. */
  public Peer connect(Node from, Node to) {
    CompletableFuture<Peer> future = from.connect(to.listenAddress().orElseThrow());
    await(future);
    return future.join();
  }

  /** Connects every pair of {@code nodes}, lower index dialling. */
  public void connectAll(List<Node> group) {
    for (int i = 0; i < group.size(); i++) {
      for (int j = i + 1; j < group.size(); j++) {
        connect(group.get(i), group.get(j));
      }
    }
  }

  /** Submits a local block to {@code node} and runs until the writer answered. */
  public BlockSubmitResult submit(Node node, Block block) {
    CompletableFuture<BlockSubmitResult> future = node.submitBlock(block);
    await(future);
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** Runs the simulation until {@code future} completes (at most a minute of virtual time). */
  public void await(CompletableFuture<?> future) {
    sim.scheduler().runUntil(future::isDone, Duration.ofMinutes(1));
    if (!future.isDone()) {
      throw new AssertionError("not done within a minute of virtual time");
    }
  }

  /** Runs until {@code condition} holds or {@code limit} of virtual time passed. */
  public boolean runUntil(BooleanSupplier condition, Duration limit) {
    return sim.scheduler().runUntil(condition, limit);
  }

  /** Runs for {@code duration} of virtual time. */
  public void runFor(Duration duration) {
    sim.scheduler().runFor(duration);
  }

  /** Whether every node of {@code group} has the same tip. */
  public static boolean sameTip(List<Node> group) {
    return group.stream().map(n -> n.tip().hash()).distinct().count() == 1;
  }

  @Override
  public void close() {
    nodes.forEach(Node::close);
  }
}
