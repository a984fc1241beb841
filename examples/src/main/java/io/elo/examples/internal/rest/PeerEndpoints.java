package io.elo.examples.internal.rest;

import com.google.common.net.InetAddresses;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.elo.node.Node;
import io.elo.p2p.Ban;
import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The peer list, and the admin endpoints: connect, ban, unban, block production. */
final class PeerEndpoints {
  /** Default ban length when the request names none. */
  static final Duration DEFAULT_BAN = Duration.ofHours(24);

  /** Longest ban the API sets: a year. */
  static final long MAX_BAN_SECONDS = 366L * 24 * 3600;

  private final Node node;
  private final RestOptions options;

  PeerEndpoints(Node node, RestOptions options) {
    this.node = node;
    this.options = options;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/v1/peers", r -> Response.ok(peers())),
        Route.admin("POST", "/api/v1/admin/peers", this::connect),
        Route.admin("GET", "/api/v1/admin/bans", r -> Response.ok(bans())),
        Route.admin("POST", "/api/v1/admin/bans", this::ban),
        Route.admin("DELETE", "/api/v1/admin/bans/{target}", this::unban),
        Route.admin("GET", "/api/v1/admin/block-production", r -> production()),
        Route.admin("POST", "/api/v1/admin/block-production", this::setProduction));
  }

  private JsonObject peers() {
    JsonArray peers = new JsonArray();
    node.peers().forEach(p -> peers.add(Json.peer(p)));
    JsonObject out = new JsonObject();
    out.addProperty("nodeId", node.nodeId().toHex());
    out.addProperty("count", peers.size());
    out.add("peers", peers);
    return out;
  }

  private Response connect(Request request) throws InterruptedException {
    String text = Request.requiredString(request.jsonBody(), "address");
    Optional<PeerAddress> address = PeerAddress.tryParse(text);
    if (address.isEmpty()) {
      throw ApiException.badRequest(
          "bad-address", "not an ip:port peer address: " + Params.shorten(text));
    }
    CompletableFuture<Peer> future = node.connect(address.get());
    try {
      Peer peer = future.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      JsonObject out = new JsonObject();
      out.addProperty("result", "connected");
      out.add("peer", Json.peer(peer));
      return Response.ok(out);
    } catch (TimeoutException e) {
      JsonObject out = new JsonObject();
      out.addProperty("result", "pending");
      out.addProperty("address", address.get().toString());
      return Response.json(202, out);
    } catch (ExecutionException e) {
      String why =
          e.getCause() instanceof PeerConnectException pce
              ? pce.reason() + ": " + pce.getMessage()
              : String.valueOf(e.getCause());
      throw new ApiException(502, "connect-failed", "could not connect to " + address.get()
          + ": " + why);
    }
  }

  private JsonObject bans() {
    JsonArray bans = new JsonArray();
    for (Ban ban : node.network().bans()) {
      JsonObject json = new JsonObject();
      json.addProperty("ip", ban.ip().map(InetAddresses::toAddrString).orElse(null));
      json.addProperty("nodeId", ban.nodeId().map(NodeId::toHex).orElse(null));
      json.addProperty("until", ban.until().getEpochSecond());
      json.addProperty("reason", ban.reason());
      bans.add(json);
    }
    JsonObject out = new JsonObject();
    out.add("bans", bans);
    return out;
  }

  private Response ban(Request request) {
    JsonObject body = request.jsonBody();
    Optional<NodeId> nodeId = optionalString(body, "nodeId").map(PeerEndpoints::nodeId);
    Optional<InetAddress> ip = optionalString(body, "ip").map(PeerEndpoints::ip);
    if (nodeId.isEmpty() && ip.isEmpty()) {
      throw ApiException.badRequest("bad-field", "a ban names 'nodeId' or 'ip' (or both)");
    }
    long seconds = DEFAULT_BAN.toSeconds();
    JsonElement s = body.get("seconds");
    if (s != null) {
      if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isNumber()) {
        throw ApiException.badRequest("bad-field", "'seconds' must be a number");
      }
      double value = s.getAsDouble();
      if (value != Math.rint(value) || value < 1 || value > MAX_BAN_SECONDS) {
        throw ApiException.badRequest(
            "bad-field", "'seconds' must be a whole number from 1 to " + MAX_BAN_SECONDS);
      }
      seconds = (long) value;
    }
    String reason = optionalString(body, "reason").orElse("banned by the admin API");
    if (reason.length() > Ban.MAX_REASON_LENGTH) {
      throw ApiException.badRequest(
          "bad-field", "'reason' is limited to " + Ban.MAX_REASON_LENGTH + " characters");
    }
    Ban ban = new Ban(ip, nodeId, options.clock().instant().plusSeconds(seconds), reason);
    node.network().ban(ban);
    JsonObject out = new JsonObject();
    out.addProperty("result", "banned");
    out.addProperty("until", ban.until().getEpochSecond());
    return Response.ok(out);
  }

  private Response unban(Request request) {
    String target = request.param("target");
    boolean lifted =
        target.length() == 2 * NodeId.LENGTH
            ? node.network().unban(nodeId(target))
            : node.network().unban(ip(target));
    if (!lifted) {
      throw ApiException.notFound("no ban on " + Params.shorten(target));
    }
    JsonObject out = new JsonObject();
    out.addProperty("result", "unbanned");
    return Response.ok(out);
  }

  private Response production() {
    BlockProductionControl control = control();
    JsonObject out = new JsonObject();
    out.addProperty("producing", control.isProducing());
    return Response.ok(out);
  }

  private Response setProduction(Request request) {
    JsonElement value = request.jsonBody().get("producing");
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
      throw ApiException.badRequest("bad-field", "missing boolean field 'producing'");
    }
    BlockProductionControl control = control();
    control.setProducing(value.getAsBoolean());
    JsonObject out = new JsonObject();
    out.addProperty("producing", control.isProducing());
    return Response.ok(out);
  }

  private BlockProductionControl control() {
    return options
        .blockProduction()
        .orElseThrow(
            () -> new ApiException(409, "no-block-production", "this node produces no blocks"));
  }

  private static Optional<String> optionalString(JsonObject body, String name) {
    JsonElement value = body.get(name);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw ApiException.badRequest("bad-field", "'" + name + "' must be a string");
    }
    return Optional.of(value.getAsString());
  }

  private static NodeId nodeId(String hex) {
    try {
      return NodeId.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "bad-node-id", "a node id is " + 2 * NodeId.LENGTH + " hex digits");
    }
  }

  private static InetAddress ip(String text) {
    // Literals only: never a DNS lookup on client input.
    if (!InetAddresses.isInetAddress(text)) {
      throw ApiException.badRequest(
          "bad-ip", "not an IP address literal: " + Params.shorten(text));
    }
    return InetAddresses.forString(text);
  }
}
