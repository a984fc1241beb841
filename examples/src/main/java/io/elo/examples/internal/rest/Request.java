package io.elo.examples.internal.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** A routed request: path parameters, query parameters and the body (already size-checked). */
final class Request {
  private final Map<String, String> pathParams;
  private final Map<String, String> query;
  private final byte[] body;

  Request(Map<String, String> pathParams, Map<String, String> query, byte[] body) {
    this.pathParams = Map.copyOf(pathParams);
    this.query = Map.copyOf(query);
    this.body = body;
  }

  /** The path parameter {@code name} of the route's template. */
  String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return value;
  }

  /** The query parameter {@code name}, if given. */
  Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The integer query parameter {@code name} within [min, max], or {@code fallback}. */
  int intQuery(String name, int fallback, int min, int max) {
    Optional<String> text = query(name);
    if (text.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("bad-parameter", name + " must be an integer");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(
          "bad-parameter", name + " must be between " + min + " and " + max);
    }
    return value;
  }

  /** The body as a JSON object; 400 if it is not one. */
  JsonObject jsonBody() {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("bad-json", "the body is not UTF-8");
    }
    JsonElement element;
    try {
      element = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw ApiException.badRequest("bad-json", "the body is not valid JSON");
    }
    if (!element.isJsonObject()) {
      throw ApiException.badRequest("bad-json", "the body must be a JSON object");
    }
    return element.getAsJsonObject();
  }

  /** The string member {@code name} of the JSON body; 400 if missing or not a string. */
  static String requiredString(JsonObject body, String name) {
    JsonElement value = body.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw ApiException.badRequest("bad-field", "missing string field '" + name + "'");
    }
    return value.getAsString();
  }
}
