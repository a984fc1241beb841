package io.elo.examples.internal.rest;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A method, a path template such as {@code /api/v1/blocks/{id}} and its endpoint; admin routes
 * require the bearer token.
 */
record Route(String method, List<String> segments, boolean admin, Endpoint endpoint) {
  Route {
    requireNonNull(method, "method");
    segments = List.copyOf(segments);
    requireNonNull(endpoint, "endpoint");
  }

  static Route of(String method, String template, Endpoint endpoint) {
    return new Route(method, split(template), false, endpoint);
  }

  static Route admin(String method, String template, Endpoint endpoint) {
    return new Route(method, split(template), true, endpoint);
  }

  static List<String> split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }

  /** The path parameters if {@code path} (decoded segments) matches the template. */
  Optional<Map<String, String>> match(List<String> path) {
    if (path.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String template = segments.get(i);
      if (template.startsWith("{") && template.endsWith("}")) {
        params.put(template.substring(1, template.length() - 1), path.get(i));
      } else if (!template.equals(path.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
