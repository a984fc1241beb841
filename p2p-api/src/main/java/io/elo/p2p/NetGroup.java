package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.charset.StandardCharsets;

/**
 * A network group: addresses that one operator plausibly controls together (by default an IPv4 /16
 * or an IPv6 /32). The peer manager spreads outbound connections over groups, caps inbound
 * connections per group and buckets the address book by group, so an attacker with addresses in few
 * groups cannot fill a node's view of the network.
 *
 * @param name a stable, non-empty name of at most {@value #MAX_NAME_LENGTH} characters, such as
 *     {@code ipv4/1.2} or {@code ipv6/2001:db8}
 */
public record NetGroup(String name) {
  /** Longest group name. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Validates the name. */
  public NetGroup {
    checkNotNull(name, "name");
    checkArgument(
        !name.isEmpty() && name.length() <= MAX_NAME_LENGTH,
        "a net group name has 1..%s characters: %s",
        MAX_NAME_LENGTH,
        name);
  }

  /** Returns the group called {@code name}. */
  public static NetGroup of(String name) {
    return new NetGroup(name);
  }

  /** The UTF-8 name, as the address book hashes it. */
  byte[] hashBytes() {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return name;
  }
}
