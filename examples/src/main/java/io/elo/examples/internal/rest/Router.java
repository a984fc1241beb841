package io.elo.examples.internal.rest;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: finds the endpoint, checks the admin token, reads a bounded body, runs the
 * endpoint under a time limit and turns every failure into a JSON error. Nothing an endpoint throws
 * escapes to the server; a 500 carries an id that is logged with the stack trace. A Jetty handler
 * that blocks (body reads, endpoints), so Jetty runs it on a worker of its bounded pool.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** Oversized bodies are read and dropped up to this many times the limit before the 413. */
  static final int DISCARD_FACTOR = 4;

  private final List<Route> routes;
  private final Optional<ApiToken> token;
  private final int maxBodyBytes;
  private final long timeoutMillis;
  private final ScheduledExecutorService timer;
  private final MeterRegistry registry;
  private final Map<Integer, Counter> counters = new ConcurrentHashMap<>();

  Router(
      List<Route> routes,
      RestOptions options,
      ScheduledExecutorService timer,
      MeterRegistry registry) {
    this.routes = List.copyOf(routes);
    this.token = options.adminToken();
    this.maxBodyBytes = options.maxBodyBytes();
    this.timeoutMillis = options.requestTimeout().toMillis();
    this.timer = timer;
    this.registry = registry;
  }

  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    // The watchdog closes the connection, which fails a blocked body read or a pending write.
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    Runnable close = endPoint::close;
    ScheduledFuture<?> watchdog = timer.schedule(close, timeoutMillis, TimeUnit.MILLISECONDS);
    Callback done =
        Callback.from(
            () -> {
              watchdog.cancel(false);
              callback.succeeded();
            },
            failure -> {
              watchdog.cancel(false);
              LOG.debug("request {} {} not answered: {}", request.getMethod(),
                  request.getHttpURI().getPath(), failure.toString());
              callback.failed(failure);
            });
    Response answer;
    try {
      answer = route(request, response.getHeaders());
    } catch (IOException e) {
      // The client went away, or the watchdog closed a request past its time limit.
      done.failed(e);
      return true;
    } catch (ApiException e) {
      answer = error(e.status(), e.code(), e.getMessage());
    } catch (Exception | StackOverflowError e) {
      String id = UUID.randomUUID().toString();
      LOG.warn("request {} {} failed, error id {}", request.getMethod(),
          request.getHttpURI().getPath(), id, e);
      answer = error(500, "internal", "internal error, id " + id);
    }
    send(request, response, answer, done);
    return true;
  }

  private Response route(org.eclipse.jetty.server.Request request, HttpFields.Mutable headers)
      throws Exception {
    String method = request.getMethod();
    List<String> path = decodePath(request.getHttpURI().getPath());
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.match(path);
      if (params.isEmpty()) {
        continue;
      }
      if (!route.method().equals(method)) {
        allowed.add(route.method());
        continue;
      }
      if (route.admin()) {
        authorize(request, headers);
      }
      byte[] body = readBody(request, headers);
      Map<String, String> query = parseQuery(request.getHttpURI().getQuery());
      return route.endpoint().handle(new Request(params.get(), query, body));
    }
    if (!allowed.isEmpty()) {
      headers.put(HttpHeader.ALLOW, String.join(", ", allowed));
      throw new ApiException(405, "method-not-allowed",
          method + " is not allowed here; use " + String.join(" or ", allowed));
    }
    throw ApiException.notFound("no such endpoint: " + request.getHttpURI().getDecodedPath());
  }

  private void authorize(org.eclipse.jetty.server.Request request, HttpFields.Mutable headers) {
    if (token.isEmpty()) {
      throw new ApiException(403, "admin-disabled", "the admin API has no token configured");
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      headers.put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"elo-admin\"");
      throw new ApiException(401, "unauthorized", "admin endpoints need 'Authorization: Bearer "
          + "<token>' with the token from <datadir>/api.token");
    }
    if (!token.get().matches(header.substring(7).strip())) {
      throw new ApiException(403, "forbidden", "wrong admin token");
    }
  }

  private byte[] readBody(org.eclipse.jetty.server.Request request, HttpFields.Mutable headers)
      throws IOException {
    // Jetty has already refused a malformed Content-Length (400); -1 means none (chunked).
    long declared = request.getLength();
    try (InputStream in = org.eclipse.jetty.server.Request.asInputStream(request)) {
      if (declared > maxBodyBytes) {
        discard(in);
        throw tooLarge(headers);
      }
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        discard(in);
        throw tooLarge(headers);
      }
      return body;
    }
  }

  /**
   * Reads and drops what the client still sends, up to {@link #DISCARD_FACTOR} times the limit
   * (and within the request's time limit): closing a connection with unread data makes TCP reset
   * it, and the client would lose the 413 already sent.
   */
  private void discard(InputStream in) throws IOException {
    long budget = (long) DISCARD_FACTOR * maxBodyBytes;
    byte[] buffer = new byte[16 * 1024];
    int n;
    while (budget > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, budget))) > 0) {
      budget -= n;
    }
  }

  private ApiException tooLarge(HttpFields.Mutable headers) {
    // What is left of the body is not read: the connection cannot carry another request.
    headers.put(HttpHeader.CONNECTION, "close");
    return new ApiException(413, "too-large",
        "request bodies are limited to " + maxBodyBytes + " bytes");
  }

  private static List<String> decodePath(String rawPath) {
    List<String> decoded = new ArrayList<>();
    for (String segment : Route.split(rawPath == null ? "/" : rawPath)) {
      try {
        decoded.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("bad-request", "malformed path");
      }
    }
    return decoded;
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.putIfAbsent(key, value);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("bad-request", "malformed query string");
      }
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  static Response error(int status, String code, String message) {
    return Response.json(status, errorJson(status, code, message));
  }

  /** The error body every failure uses: {@code {"status": 400, "code": "...", "error": "..."}}. */
  static JsonObject errorJson(int status, String code, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("status", status);
    json.addProperty("code", code);
    json.addProperty("error", message);
    return json;
  }

  private void send(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Response answer,
      Callback done) {
    counters
        .computeIfAbsent(
            answer.status(),
            status ->
                Counter.builder("elo.rest.requests")
                    .description("REST requests answered, by status")
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .increment();
    HttpFields.Mutable headers = response.getHeaders();
    response.setStatus(answer.status());
    headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    byte[] body = answer.body();
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), done);
  }

  /** Removes the request counters from the registry. */
  void close() {
    counters.values().forEach(registry::remove);
  }
}
