package io.elo.examples.internal.cli;

/**
 * An expected failure the user can fix (a port in use, a locked data directory, an unreachable
 * node): {@link Main} prints its message on one line and exits with 1, without a stack trace
 * unless {@code --verbose}.
 */
final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserException(String message) {
    super(message);
  }

  UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
