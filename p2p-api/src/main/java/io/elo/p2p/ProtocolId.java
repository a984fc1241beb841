package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The name and version of a protocol multiplexed over peer connections, such as {@code
 * elo-chain/1}. Peers announce the protocols they speak in the handshake; messages of a protocol
 * the receiver has not registered are ignored (and counted).
 *
 * @param name 1..32 characters of {@code a-z 0-9 - _ .}
 * @param version a non-negative version number
 */
public record ProtocolId(String name, int version) {
  /** Maximum length of a protocol name. */
  public static final int MAX_NAME_LENGTH = 32;

  /** Validates the name and version. */
  public ProtocolId {
    checkNotNull(name, "name");
    checkArgument(
        !name.isEmpty() && name.length() <= MAX_NAME_LENGTH,
        "protocol name must have 1..%s characters: %s",
        MAX_NAME_LENGTH,
        name);
    checkArgument(
        name.chars().allMatch(ProtocolId::isNameChar),
        "protocol name may use only a-z 0-9 - _ . : %s",
        name);
    checkArgument(version >= 0, "negative protocol version: %s", version);
  }

  /** Returns the protocol {@code name} at {@code version}. */
  public static ProtocolId of(String name, int version) {
    return new ProtocolId(name, version);
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  }

  /** Returns {@code name/version}. */
  @Override
  public String toString() {
    return name + "/" + version;
  }
}
