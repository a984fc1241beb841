package io.elo.examples.internal.rest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a URL over the header limit: 414, headers over it: 431, a malformed
 * request: 400) in the API's JSON error format instead of Jetty's HTML page. The router answers
 * every request that reaches it itself; this covers the ones Jetty refuses before that. Details
 * are the status's reason phrase plus Jetty's parser reason for 4xx, never an exception's text.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  protected void generateResponse(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Response.JSON);
    response.write(true, ByteBuffer.wrap(body(status, message)), callback);
  }

  private static byte[] body(int status, String reason) {
    String text = HttpStatus.getMessage(status);
    if (status < 500 && reason != null && !reason.isBlank() && !reason.equals(text)) {
      text = text + ": " + reason;
    }
    return Json.GSON
        .toJson(Router.errorJson(status, code(status), text))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The stable {@code code} of an error Jetty raised. */
  static String code(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 408 -> "request-timeout";
      case 413 -> "too-large";
      case 414 -> "uri-too-long";
      case 431 -> "headers-too-large";
      case 500 -> "internal";
      case 503 -> "unavailable";
      default -> "http-" + status;
    };
  }
}
