package io.elo.examples.internal.cli;

import io.elo.examples.internal.rest.ApiToken;
import io.elo.examples.internal.rest.BlockProductionControl;
import io.elo.examples.internal.rest.RestOptions;
import io.elo.examples.internal.rest.RestServer;
import io.elo.model.Address;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.node.NodeFailure;
import io.elo.p2p.NetGroups;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node started from {@link NodeSettings}, with its REST server and progress log, that closes
 * cleanly on SIGTERM or Ctrl-C: a shutdown hook closes the REST server and the node (flushing the
 * UTXO cache and the mempool journal, saving the address book, releasing the data directory).
 *
 * <p>When the node stops itself after a fatal error ({@link NodeBuilder#onFatalError}: its network
 * I/O thread, chain writer, scheduler or another of its threads failed), this closes the rest and
 * {@link #awaitExit()} returns the non-zero exit code of that part (docs/operations.md), so that a
 * supervisor restarts the process instead of keeping a half-dead node.
 */
final class RunningNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("elo");

  /** Exit code after a fatal error of the network I/O thread. */
  static final int EXIT_NETWORK_IO = 10;
  /** Exit code after a fatal error of the chain writer or the chain state. */
  static final int EXIT_CHAIN_WRITER = 11;
  /** Exit code after a fatal error of the node's scheduler. */
  static final int EXIT_SCHEDULER = 12;
  /** Exit code after a fatal error of another node thread (a worker or a miner). */
  static final int EXIT_NODE_THREAD = 13;

  private final Node node;
  private final RestServer rest;
  private final ScheduledExecutorService timer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;
  private volatile int exitCode;

  private RunningNode(Node node, RestServer rest, ScheduledExecutorService timer) {
    this.node = node;
    this.rest = rest;
    this.timer = timer;
    this.hook = new Thread(this::close, "elo-shutdown");
  }

  /** Builds and starts the node (and REST server); expected failures as {@link UserException}. */
  static RunningNode start(NodeSettings s) throws Exception {
    SecureRandom random = new SecureRandom();
    CompletableFuture<NodeFailure> failed = new CompletableFuture<>();
    PrometheusMeterRegistry registry =
        s.rest().isPresent() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    // Per-IP and per-/16 caps for every address, unless --exempt-local-peers (local testnets).
    NetGroups netGroups =
        s.exemptLocalPeers() ? NetGroups.exemptingLocal() : NetGroups.standard();
    NodeBuilder builder =
        Node.builder()
            .params(s.params())
            .dataDirectory(s.dataDirectory())
            .secureRandom(random)
            .onFatalError(failed::complete)
            .transport(
                security -> TcpTransport.builder().security(security).netGroups(netGroups).build())
            .listenAddress(s.listen())
            .bootstrap(s.bootstrap())
            .peerManager(pm -> pm.discovery(s.discovery()).peerExchange(s.discovery()))
            .network(
                net -> {
                  s.peers().forEach(net::staticPeer);
                  s.advertise().ifPresent(net::advertisedAddress);
                  net.netGroups(netGroups);
                  net.ipBanExempt(ip -> ip.isLoopbackAddress());
                });
    if (s.plaintext()) {
      builder.plaintext();
    }
    if (s.rest().isPresent()) {
      builder.txIndex(true).addressIndex(true);
    }
    if (registry != null && s.metrics()) {
      builder.meterRegistry(registry);
    }
    boolean producing = s.mine() || s.sealKey().isPresent();
    builder.produceBlocks(s.waitForPeers() == 0);
    if (s.mine()) {
      builder.mining(s.reward().orElseThrow(), s.threads());
    }
    if (s.sealKey().isPresent()) {
      Address reward = s.reward().orElse(Address.fromPublicKey(s.sealKey().get().publicKey()));
      try {
        builder.sealing(s.sealKey().get(), reward);
      } catch (IllegalArgumentException e) {
        throw new UserException("--seal: " + e.getMessage());
      }
    }
    Node node;
    try {
      node = builder.build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
    RestServer rest = null;
    ScheduledExecutorService timer = null;
    try {
      try {
        node.start();
      } catch (BindException e) {
        throw new UserException(
            "cannot listen for peers on " + s.listen() + ": address in use (another node?)", e);
      }
      if (s.rest().isPresent()) {
        rest = startRest(node, s, registry, random);
      }
      timer = Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "elo-progress");
            t.setDaemon(true);
            return t;
          });
      SyncProgress progress = new SyncProgress(node, LOG);
      node.addListener(progress);
      if (producing && s.waitForPeers() > 0) {
        LOG.info("block production starts once {} peers are connected", s.waitForPeers());
        AtomicBoolean started = new AtomicBoolean();
        timer.scheduleWithFixedDelay(
            () -> startProductionWithPeers(node, s.waitForPeers(), started), 500, 500,
            TimeUnit.MILLISECONDS);
      }
      long every = s.progressInterval().toMillis();
      timer.scheduleAtFixedRate(progress::tick, every, every, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (rest != null) {
        rest.close();
      }
      if (timer != null) {
        timer.shutdownNow();
      }
      node.close();
      throw e;
    }
    LOG.info(
        "{} node {} on {}, data {}{}",
        s.params().name(),
        node.nodeId(),
        node.listenAddress().map(PeerAddress::toString).orElse("-"),
        s.dataDirectory(),
        rest == null ? "" : ", REST " + rest.uri());
    RunningNode running = new RunningNode(node, rest, timer);
    Runtime.getRuntime().addShutdownHook(running.hook);
    // On the node's stop thread, after the node closed (or here at once if it already failed).
    failed.thenAccept(running::stopAfter);
    return running;
  }

  /** The node (for a test child process that drives it). */
  Node node() {
    return node;
  }

  /** The exit code for a fatal error of {@code source}. */
  static int exitCode(NodeFailure.Source source) {
    return switch (source) {
      case NETWORK_IO -> EXIT_NETWORK_IO;
      case CHAIN_WRITER -> EXIT_CHAIN_WRITER;
      case SCHEDULER -> EXIT_SCHEDULER;
      case NODE_THREAD -> EXIT_NODE_THREAD;
    };
  }

  private void stopAfter(NodeFailure failure) {
    int code = exitCode(failure.source());
    LOG.error(
        "the node stopped after a fatal error in its {} ({}); exiting with code {}",
        failure.source().description(),
        failure.cause(),
        code);
    exitCode = code;
    close();
  }

  /**
   * Starts production once, when {@code peers} are connected (checked on the timer); {@code
   * started} keeps a later switch-off through the admin API from being undone.
   */
  private static void startProductionWithPeers(Node node, int peers, AtomicBoolean started) {
    if (!started.get() && node.peers().size() >= peers && started.compareAndSet(false, true)) {
      LOG.info("{} peers connected: block production starts", node.peers().size());
      node.startBlockProduction();
    }
  }

  private static RestServer startRest(
      Node node, NodeSettings s, PrometheusMeterRegistry registry, SecureRandom random)
      throws IOException {
    RestSettings settings = s.rest().orElseThrow();
    PeerAddress at = settings.bind();
    RestOptions.Builder options =
        RestOptions.builder()
            .adminToken(ApiToken.loadOrCreate(s.dataDirectory(), random))
            .meterRegistry(registry)
            .siblings(s.siblings());
    if (s.mine() || s.sealKey().isPresent()) {
      options.blockProduction(
          new BlockProductionControl() {
            @Override
            public boolean isProducing() {
              return node.isProducingBlocks();
            }

            @Override
            public void setProducing(boolean producing) {
              if (producing) {
                node.startBlockProduction();
              } else {
                node.stopBlockProduction();
              }
            }
          });
    }
    settings.tls().ifPresent(options::tls);
    try {
      return RestServer.start(node, new InetSocketAddress(at.ip(), at.port()), options.build());
    } catch (BindException e) {
      throw new UserException("cannot serve REST on " + at + ": address in use", e);
    }
  }

  /**
   * Blocks until the node is closed, by the shutdown hook or after a fatal error; returns the exit
   * code: 0, or that of the part that failed.
   */
  int awaitExit() throws InterruptedException {
    closed.await();
    return exitCode;
  }

  /** Closes the REST server and the node; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed.getCount() == 0) {
        return;
      }
      LOG.info("stopping at height {}", node.tip().height().value());
      if (timer != null) {
        timer.shutdownNow();
      }
      if (rest != null) {
        rest.close();
      }
      node.close();
      LOG.info("stopped");
      closed.countDown();
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and returns at once)
      }
    }
  }
}
