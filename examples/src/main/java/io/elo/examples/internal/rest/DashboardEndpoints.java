package io.elo.examples.internal.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.examples.internal.health.HealthMonitor;
import io.elo.examples.internal.health.HealthReport;
import io.elo.node.Node;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The dashboard page and its data, the health endpoint and the Prometheus scrape endpoint. */
final class DashboardEndpoints {
  /** Where the page's files live on the class path. */
  static final String RESOURCES = "/io/elo/examples/internal/rest/dashboard/";

  /** The Prometheus text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Node node;
  private final HealthMonitor health;
  private final ChainActivity activity;
  private final NetworkView network;
  private final PrometheusMeterRegistry registry;
  private final RestOptions options;

  DashboardEndpoints(
      Node node,
      HealthMonitor health,
      ChainActivity activity,
      NetworkView network,
      PrometheusMeterRegistry registry,
      RestOptions options) {
    this.node = node;
    this.health = health;
    this.activity = activity;
    this.network = network;
    this.registry = registry;
    this.options = options;
  }

  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    Response page = resource("index.html", "text/html; charset=utf-8");
    routes.add(Route.of("GET", "/", r -> page));
    routes.add(Route.of("GET", "/index.html", r -> page));
    Response script = resource("dashboard.js", "text/javascript; charset=utf-8");
    routes.add(Route.of("GET", "/dashboard.js", r -> script));
    Response style = resource("dashboard.css", "text/css; charset=utf-8");
    routes.add(Route.of("GET", "/dashboard.css", r -> style));
    routes.add(Route.of("GET", "/api/v1/health", r -> health()));
    routes.add(Route.of("GET", "/api/v1/stats", r -> Response.ok(stats())));
    routes.add(Route.of("GET", "/api/v1/network", r -> Response.ok(network.graph())));
    routes.add(
        Route.of(
            "GET",
            "/metrics",
            r ->
                new Response(
                    200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8))));
    return routes;
  }

  private Response health() {
    HealthReport report = health.evaluate();
    JsonObject out = new JsonObject();
    out.addProperty("status", report.isOk() ? "ok" : "degraded");
    JsonArray reasons = new JsonArray();
    report.reasons().forEach(r -> reasons.add(r.code()));
    out.add("reasons", reasons);
    out.addProperty("peers", report.peers());
    out.addProperty("tipAgeSeconds", report.tipAge().toSeconds());
    out.addProperty("tipAgeLimitSeconds", report.tipAgeLimit().toSeconds());
    out.addProperty("syncStalled", report.stalled());
    return Response.json(report.isOk() ? 200 : 503, out);
  }

  private JsonObject stats() {
    JsonObject out = new JsonObject();
    out.addProperty("time", options.clock().instant().toEpochMilli());
    out.addProperty("height", node.tip().height().value());
    out.addProperty("tipHash", node.tip().hash().toHex());
    out.addProperty("mempoolSize", node.mempoolSize());
    out.addProperty("peers", node.peers().size());
    out.addProperty("confirmedTransactions", activity.confirmed());
    out.addProperty("txPerSecond", activity.txPerSecond());
    out.addProperty("propagationDelaySeconds", activity.lastDelay());
    return out;
  }

  private static Response resource(String name, String contentType) {
    try (InputStream in = DashboardEndpoints.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing dashboard resource " + name);
      }
      return new Response(200, contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
