package io.elo.p2p;

/**
 * Why a connection ended, with the code carried by the wire {@code Disconnect} message.
 *
 * <p>A <em>temporary</em> reason says nothing bad about the peer: the address may be dialled again
 * later and the reason never costs reputation or leads to a ban (timeouts, full slots,
 * duplicates, shutdown). The other reasons are faults of the peer or a permanent mismatch (wrong
 * network), which a peer manager should not retry soon. Codes are stable; unknown codes received
 * from a peer decode to {@link #UNKNOWN}.
 */
public enum DisconnectReason {
  /** The local application asked to disconnect. */
  REQUESTED(0, true),
  /** The node has no free peer slot. */
  TOO_MANY_PEERS(1, true),
  /** A ping went unanswered, a dial or a request timed out. */
  TIMEOUT(2, true),
  /** The peer sent a message that breaks the protocol. */
  PROTOCOL_ERROR(3, false),
  /** The peer is on another network or has another genesis block. */
  WRONG_NETWORK(4, false),
  /** The connection leads back to this node. */
  SELF_CONNECTION(5, false),
  /** Another connection to the same node id already exists. */
  DUPLICATE(6, true),
  /** The peer's node id or IP is banned. */
  BANNED(7, false),
  /** The peer misbehaved (reported by a protocol or the rate limiter). */
  MISBEHAVIOUR(8, false),
  /** The bounded send queue filled up: the peer reads too slowly. */
  SEND_QUEUE_FULL(9, true),
  /** The peer announced a frame larger than the maximum frame size. */
  FRAME_TOO_LARGE(10, false),
  /** The handshake failed: bad signature, key not matching, malformed hello. */
  HANDSHAKE_FAILED(11, false),
  /** The node is shutting down. */
  SHUTDOWN(12, true),
  /** Nothing was received for longer than the idle timeout. */
  IDLE(13, true),
  /** The peer speaks an unsupported peer-protocol version. */
  INCOMPATIBLE_VERSION(14, false),
  /** The byte stream ended or broke without a {@code Disconnect} message (or the node crashed). */
  CONNECTION_LOST(15, true),
  /**
   * A frame of the secure channel failed authentication (forged, replayed, reordered or
   * corrupted ciphertext); the peer counts as misbehaving.
   */
  AUTHENTICATION_FAILED(16, false),
  /** The peer's node id is not in this node's allowlist (a permissioned network). */
  NOT_ALLOWED(17, false),
  /** The peer sent a code this version does not know. */
  UNKNOWN(255, true);

  private static final DisconnectReason[] BY_CODE = new DisconnectReason[256];

  static {
    for (DisconnectReason reason : values()) {
      BY_CODE[reason.code] = reason;
    }
  }

  private final int code;
  private final boolean temporary;

  DisconnectReason(int code, boolean temporary) {
    this.code = code;
    this.temporary = temporary;
  }

  /** The wire code, 0..255. */
  public int code() {
    return code;
  }

  /** Whether the reason is no fault of the peer: retry later, never penalise or ban. */
  public boolean isTemporary() {
    return temporary;
  }

  /** Returns the reason with wire code {@code code}, or {@link #UNKNOWN}. */
  public static DisconnectReason fromCode(int code) {
    DisconnectReason reason = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    return reason == null ? UNKNOWN : reason;
  }
}
