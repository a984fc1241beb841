package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;

/**
 * A connection attempt that ended in the secure channel's handshake: the peer is not an
 * encrypting node, failed the Noise handshake or did not prove its identity. Carries the reason
 * the connection was closed for, so a dial failure reports it like a handshake refusal.
 */
public final class SecureChannelException extends IOException {
  private static final long serialVersionUID = 1L;

  private final DisconnectReason reason;

  /** Creates the exception with the reason the connection was closed for. */
  public SecureChannelException(DisconnectReason reason, String message) {
    super(message);
    this.reason = checkNotNull(reason);
  }

  /** The reason the connection was closed for. */
  public DisconnectReason reason() {
    return reason;
  }
}
