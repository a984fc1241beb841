package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;

/** A connection attempt that did not produce a peer: the transport failed or the handshake did. */
public final class PeerConnectException extends IOException {
  private static final long serialVersionUID = 1L;

  private final DisconnectReason reason;

  /** Creates the exception with the reason the attempt ended for. */
  public PeerConnectException(DisconnectReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = checkNotNull(reason);
  }

  /** Why the attempt ended. */
  public DisconnectReason reason() {
    return reason;
  }
}
