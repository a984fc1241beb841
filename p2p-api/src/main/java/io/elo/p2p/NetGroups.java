package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;

import java.net.InetAddress;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The injectable function from an IP address to its {@link NetGroup}, and which addresses are
 * exempt from the per-IP and per-group limits.
 *
 * <p>{@link #standard()} groups IPv4 by /16 and IPv6 by /32 and exempts nothing; {@link
 * #exemptingLocal()} also exempts loopback, private (site-local) and link-local addresses and gives
 * each such IP its own group, so a local test network on one machine or LAN is not capped.
 * Implementations must be pure and thread-safe.
 */
public interface NetGroups {
  /** The group of {@code ip}. */
  NetGroup netGroup(InetAddress ip);

  /** Whether {@code ip} is exempt from per-IP and per-group caps and diversity rules. */
  boolean isExempt(InetAddress ip);

  /** IPv4 /16 and IPv6 /32 groups; nothing exempt. */
  static NetGroups standard() {
    return of(NetGroups::prefixGroup, ip -> false);
  }

  /**
   * Like {@link #standard()}, but loopback, site-local and link-local addresses are exempt and each
   * is its own group (for local networks).
   */
  static NetGroups exemptingLocal() {
    Predicate<InetAddress> local = NetGroups::isLocal;
    return of(
        ip -> local.test(ip) ? NetGroup.of("local/" + ip.getHostAddress()) : prefixGroup(ip),
        local);
  }

  /** Groups by {@code group} and exempts what {@code exempt} accepts. */
  static NetGroups of(Function<InetAddress, NetGroup> group, Predicate<InetAddress> exempt) {
    checkNotNull(group);
    checkNotNull(exempt);
    return new NetGroups() {
      @Override
      public NetGroup netGroup(InetAddress ip) {
        return checkNotNull(group.apply(ip), "net group of %s", ip);
      }

      @Override
      public boolean isExempt(InetAddress ip) {
        return exempt.test(ip);
      }
    };
  }

  /** Whether {@code ip} is loopback, site-local (private) or link-local. */
  static boolean isLocal(InetAddress ip) {
    return ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress();
  }

  /** The /16 (IPv4) or /32 (IPv6) prefix group. */
  static NetGroup prefixGroup(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (b.length == 4) {
      return NetGroup.of("ipv4/" + (b[0] & 0xff) + "." + (b[1] & 0xff));
    }
    return NetGroup.of(
        String.format(
            "ipv6/%02x%02x:%02x%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff));
  }
}
