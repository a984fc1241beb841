package io.elo.sync;

import io.elo.p2p.Severity;

/** A message from a peer breaks the chain protocol; carries how badly (see docs/protocol.md). */
final class ProtocolViolation extends Exception {
  private static final long serialVersionUID = 1L;

  private final Severity severity;

  ProtocolViolation(Severity severity, String message) {
    super(message, null, false, false);
    this.severity = severity;
  }

  Severity severity() {
    return severity;
  }
}
