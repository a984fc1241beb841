package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Malformed framed input: a frame longer than the limit, or a peer message that cannot be decoded.
 * The one unchecked exception of the p2p codecs; it carries the disconnect reason to use.
 */
public final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DisconnectReason reason;

  /** Creates the exception with the reason the connection should be closed for. */
  public FrameException(DisconnectReason reason, String message) {
    super(message);
    this.reason = checkNotNull(reason);
  }

  /** The reason to close the connection with. */
  public DisconnectReason reason() {
    return reason;
  }
}
