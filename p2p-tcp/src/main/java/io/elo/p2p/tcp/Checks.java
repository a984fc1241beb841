package io.elo.p2p.tcp;

/**
 * Argument and state checks in the Guava {@code Preconditions} style; this module depends on
 * nothing but the p2p API, so it carries its own two-line versions.
 */
final class Checks {
  private Checks() {}

  static void checkArgument(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }

  static void checkState(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(message, args));
    }
  }
}
