package io.elo.examples.internal.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A small JSON client of one node's REST API (docs/api.md). Failures to reach the node are
 * {@link UserException}s naming the URL; error replies come back as {@link Reply} with their
 * status, so callers decide. Thread-safe.
 */
final class RestClient {
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Optional<String> adminToken;
  private final Optional<SSLContext> tls;

  /** A reply: the HTTP status and the JSON body (an empty object if the body was not JSON). */
  record Reply(int status, JsonObject body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The server's error text, or the status. */
    String error() {
      return body.has("error") ? body.get("error").getAsString() : "HTTP " + status;
    }
  }

  /** A client; {@code tls} is the trust for an {@code https} base (default: the JVM's). */
  RestClient(URI base, Duration timeout, Optional<String> adminToken, Optional<SSLContext> tls) {
    this.base = base;
    this.timeout = timeout;
    this.adminToken = adminToken;
    this.tls = tls;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
    tls.ifPresent(http::sslContext);
    this.http = http.build();
  }

  RestClient(URI base, Duration timeout, Optional<String> adminToken) {
    this(base, timeout, adminToken, Optional.empty());
  }

  RestClient(URI base) {
    this(base, Duration.ofSeconds(5), Optional.empty());
  }

  /** Normalises {@code text} ("127.0.0.1:8080" or "http://host:port") to a base URI. */
  static URI baseUri(String text) {
    String t = text.trim();
    if (!t.startsWith("http://") && !t.startsWith("https://")) {
      t = "http://" + t;
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      URI uri = URI.create(t);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host in '" + text + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a REST address (ip:port or URL)");
    }
  }

  URI base() {
    return base;
  }

  /** This client with the admin token (same base, timeout and TLS trust). */
  RestClient withAdminToken(String token) {
    return new RestClient(base, timeout, Optional.of(token), tls);
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
  }

  Reply post(String path, JsonObject body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        path);
  }

  /** GET that must succeed; otherwise a {@link UserException} with the server's error. */
  JsonObject getOk(String path) {
    Reply r = get(path);
    if (!r.ok()) {
      throw new UserException(base + path + ": " + r.error());
    }
    return r.body();
  }

  private Reply send(HttpRequest.Builder request, String path) {
    adminToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserException(
          "cannot reach the node at " + base + " (" + describe(e) + "); is it running with --rest?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while asking " + base + path, e);
    }
    return new Reply(response.statusCode(), parse(response.body()));
  }

  private static JsonObject parse(String body) {
    try {
      JsonElement e = JsonParser.parseString(body);
      return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    } catch (JsonParseException e) {
      return new JsonObject();
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
