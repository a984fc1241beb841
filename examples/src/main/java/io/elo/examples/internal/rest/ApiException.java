package io.elo.examples.internal.rest;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A request the API refuses: the HTTP status, a stable machine-readable code and a message for the
 * client. Thrown by endpoints and turned into a JSON error by the router.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    checkArgument(status >= 400 && status < 600, "not an error status: %s", status);
    this.status = status;
    this.code = code;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not-found", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
