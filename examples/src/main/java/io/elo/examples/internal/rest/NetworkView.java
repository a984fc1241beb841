package io.elo.examples.internal.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The peer graph of a local testnet for the dashboard: this node and every sibling (asked over
 * their REST API with a short timeout), and the peer links between them. Cached for a second so
 * dashboards cannot turn one node into a load amplifier.
 */
final class NetworkView {
  static final Duration SIBLING_TIMEOUT = Duration.ofSeconds(1);
  static final Duration CACHE = Duration.ofSeconds(1);

  private final Supplier<JsonObject> selfStatus;
  private final Supplier<JsonObject> selfPeers;
  private final List<URI> siblings;
  private final InstantSource clock;
  private final HttpClient client;
  private JsonObject cached;
  private Instant cachedAt = Instant.MIN;

  NetworkView(
      Supplier<JsonObject> selfStatus,
      Supplier<JsonObject> selfPeers,
      List<URI> siblings,
      InstantSource clock) {
    this.selfStatus = selfStatus;
    this.selfPeers = selfPeers;
    this.siblings = List.copyOf(siblings);
    this.clock = clock;
    this.client =
        siblings.isEmpty()
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(SIBLING_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  synchronized JsonObject graph() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cachedAt.plus(CACHE))) {
      return cached;
    }
    JsonArray nodes = new JsonArray();
    Set<String> edges = new TreeSet<>();
    addNode(nodes, edges, null, selfStatus.get(), selfPeers.get(), true);
    for (URI sibling : siblings) {
      JsonObject status = fetch(sibling, "/api/v1/status");
      JsonObject peers = status == null ? null : fetch(sibling, "/api/v1/peers");
      addNode(nodes, edges, sibling, status, peers, false);
    }
    JsonArray edgeArray = new JsonArray();
    for (String edge : edges) {
      String[] ends = edge.split("-");
      JsonObject e = new JsonObject();
      e.addProperty("from", ends[0]);
      e.addProperty("to", ends[1]);
      edgeArray.add(e);
    }
    JsonObject out = new JsonObject();
    out.add("nodes", nodes);
    out.add("edges", edgeArray);
    cached = out;
    cachedAt = now;
    return out;
  }

  private static void addNode(
      JsonArray nodes,
      Set<String> edges,
      URI url,
      JsonObject status,
      JsonObject peers,
      boolean self) {
    JsonObject node = new JsonObject();
    node.addProperty("url", url == null ? null : url.toString());
    node.addProperty("self", self);
    node.addProperty("reachable", status != null);
    if (status != null) {
      String id = string(status, "nodeId");
      node.addProperty("nodeId", id);
      node.add("height", status.get("height"));
      node.add("tipHash", status.get("tipHash"));
      if (peers != null && peers.get("peers") instanceof JsonArray list && id != null) {
        for (JsonElement peer : list) {
          if (peer.isJsonObject()) {
            String other = string(peer.getAsJsonObject(), "nodeId");
            if (other != null && other.matches("[0-9a-f]{64}") && id.matches("[0-9a-f]{64}")) {
              edges.add(id.compareTo(other) < 0 ? id + "-" + other : other + "-" + id);
            }
          }
        }
      }
    }
    nodes.add(node);
  }

  private static String string(JsonObject json, String name) {
    JsonElement value = json.get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private JsonObject fetch(URI base, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path)).timeout(SIBLING_TIMEOUT).GET().build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      JsonElement json = JsonParser.parseString(response.body());
      return json.isJsonObject() ? json.getAsJsonObject() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null; // an unreachable or confused sibling shows as unreachable
    }
  }
}
