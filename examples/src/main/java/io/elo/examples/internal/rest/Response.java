package io.elo.examples.internal.rest;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;

/** What an endpoint answers: a status, a content type and the body bytes. */
record Response(int status, String contentType, byte[] body) {
  static final String JSON = "application/json; charset=utf-8";

  Response {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
  }

  static Response json(int status, JsonElement json) {
    return new Response(status, JSON, Json.GSON.toJson(json).getBytes(StandardCharsets.UTF_8));
  }

  static Response ok(JsonElement json) {
    return json(200, json);
  }
}
