package io.elo.examples.internal.rest;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.examples.internal.health.HealthMetrics;
import io.elo.examples.internal.health.HealthMonitor;
import io.elo.node.Node;
import io.elo.validation.StoreException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP server: the JSON API under {@code /api/v1/}, admin endpoints under {@code
 * /api/v1/admin/} (bearer token), {@code /metrics} for Prometheus and the dashboard at {@code /}.
 * See docs/api.md.
 *
 * <pre>{@code
 * RestServer server =
 *     RestServer.start(node, RestServer.loopback(8080),
 *         RestOptions.builder().adminToken(ApiToken.loadOrCreate(dataDir, random)).build());
 * int port = server.port();
 * server.close();
 * }</pre>
 *
 * <p>Served by Jetty 12 (core handlers, no servlets) over HTTP/1.1, or HTTPS with {@link
 * RestOptions#tls()}. Requests run on {@link RestOptions#threads()} workers, each under {@link
 * RestOptions#requestTimeout()}; a connection must send its headers within {@link
 * RestOptions#headerTimeout()}; connections are capped in total and per client address; URLs and
 * headers are limited to {@link RestOptions#maxHeaderBytes()} (414, 431), bodies to {@link
 * RestOptions#maxBodyBytes()} (413). The server does not own the node.
 */
public final class RestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

  private final JettyHttp server;
  private final ScheduledExecutorService timer;
  private final Router router;
  private final HealthMonitor health;
  private final HealthMetrics healthMetrics;
  private final ChainActivity activity;
  private final ChainQueries queries;
  private final PrometheusMeterRegistry registry;
  private final List<Meter> meters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RestServer(
      JettyHttp server,
      ScheduledExecutorService timer,
      Router router,
      HealthMonitor health,
      HealthMetrics healthMetrics,
      ChainActivity activity,
      ChainQueries queries,
      PrometheusMeterRegistry registry,
      List<Meter> meters) {
    this.server = server;
    this.timer = timer;
    this.router = router;
    this.health = health;
    this.healthMetrics = healthMetrics;
    this.activity = activity;
    this.queries = queries;
    this.registry = registry;
    this.meters = meters;
  }

  /** The loopback address {@code 127.0.0.1:port}, the default bind address of the API. */
  public static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Serves {@code node}'s API on {@code bind} (port 0 picks a free port; see {@link #port()}).
   * Call once the node is started. Nodes whose chain state keeps no transaction and address
   * indexes get an in-memory index built now from the best chain.
   *
   * @throws IOException if the address cannot be bound or the chain cannot be read
   */
  public static RestServer start(Node node, InetSocketAddress bind, RestOptions options)
      throws IOException {
    requireNonNull(node, "node");
    requireNonNull(bind, "bind");
    requireNonNull(options, "options");
    PrometheusMeterRegistry registry =
        options
            .meterRegistry()
            .orElseGet(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    ChainQueries queries;
    try {
      queries = ChainQueries.create(node);
    } catch (StoreException e) {
      throw new IOException("cannot index the chain", e);
    }
    HealthMonitor health = HealthMonitor.create(node, options.health(), options.clock());
    HealthMetrics healthMetrics = HealthMetrics.register(health, registry);
    ChainActivity activity = ChainActivity.follow(node, options.clock(), registry);
    List<Meter> meters = registerNodeGauges(node, registry);
    Json json = new Json(node.params().addressPrefix());
    ChainEndpoints chain = new ChainEndpoints(node, json, queries, activity, options);
    PeerEndpoints peers = new PeerEndpoints(node, options);
    NetworkView network =
        new NetworkView(
            chain::status,
            () -> peersJson(node),
            options.siblings(),
            options.clock());
    List<Route> routes = new ArrayList<>(chain.routes());
    routes.addAll(new AddressEndpoints(node, json, queries).routes());
    routes.addAll(peers.routes());
    routes.addAll(
        new DashboardEndpoints(node, health, activity, network, registry, options).routes());

    // Header deadlines and request watchdogs: at most one of each per open connection, since
    // cancelled tasks leave the queue at once (keep-alive requests cancel one per request).
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, threads("elo-rest-timer"));
    timer.setRemoveOnCancelPolicy(true);
    Router router = new Router(routes, options, timer, registry);
    JettyHttp server;
    try {
      server = JettyHttp.start(bind, options, router, timer);
    } catch (IOException e) {
      timer.shutdownNow();
      healthMetrics.close();
      activity.close(registry);
      meters.forEach(registry::remove);
      queries.close();
      throw e;
    }
    meters.addAll(registerServerMeters(server, registry));
    RestServer rest =
        new RestServer(server, timer, router, health, healthMetrics, activity, queries,
            registry, meters);
    LOG.info("REST API on {}", rest.uri());
    return rest;
  }

  private static JsonObject peersJson(Node node) {
    JsonArray list = new JsonArray();
    node.peers().forEach(p -> list.add(Json.peer(p)));
    JsonObject out = new JsonObject();
    out.add("peers", list);
    return out;
  }

  /** Counters of connections the server cut: per-address cap and header timeout. */
  private static List<Meter> registerServerMeters(JettyHttp server, MeterRegistry registry) {
    return List.of(
        FunctionCounter.builder(
                "elo.rest.connections.refused", server, JettyHttp::refusedPerAddress)
            .description("REST connections closed at accept: their address was at its cap")
            .register(registry),
        FunctionCounter.builder(
                "elo.rest.connections.header.timeouts", server, JettyHttp::headerTimeouts)
            .description("REST connections closed: headers not complete within the timeout")
            .register(registry));
  }

  /** The node's basic gauges, unless the node already registers them (built with the registry). */
  private static List<Meter> registerNodeGauges(Node node, MeterRegistry registry) {
    List<Meter> meters = new ArrayList<>();
    gaugeIfAbsent(meters, registry, node, "elo.chain.height", n -> n.tip().height().value());
    gaugeIfAbsent(meters, registry, node, "elo.peers", n -> n.peers().size());
    gaugeIfAbsent(meters, registry, node, "elo.mempool.size", Node::mempoolSize);
    gaugeIfAbsent(meters, registry, node, "elo.sync.best.header.height",
        n -> n.syncStatus().bestHeaderHeight().value());
    return meters;
  }

  private static void gaugeIfAbsent(
      List<Meter> meters,
      MeterRegistry registry,
      Node node,
      String name,
      ToDoubleFunction<Node> f) {
    if (registry.find(name).gauge() == null) {
      meters.add(Gauge.builder(name, node, f).strongReference(true).register(registry));
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.address().getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The base URL: {@code https://} with TLS, else {@code http://}, the address and a slash. */
  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    host = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((server.tls() ? "https" : "http") + "://" + host + ":" + a.getPort() + "/");
  }

  /** The registry {@code /metrics} scrapes. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * Stops accepting, gives running requests up to a second, stops the workers and removes the
   * server's meters. Idempotent; the node keeps running.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close();
    timer.shutdownNow();
    router.close();
    healthMetrics.close();
    health.close();
    activity.close(registry);
    queries.close();
    meters.forEach(registry::remove);
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "RestServer{" + address() + "}";
  }
}
