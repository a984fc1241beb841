package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address and a TCP/UDP-style port: where a node listens or where a connection comes from.
 *
 * <p>Only literal IPv4 and IPv6 addresses are accepted: nothing here ever resolves a host name,
 * so building an address never blocks and never leaks a DNS query. Port 0 is allowed for binding
 * ("any free port"). {@link #toString} prints {@code 1.2.3.4:5} or {@code [::1]:5}, which {@link
 * #parse} reads back.
 *
 * @param ip the address, IPv4 or IPv6
 * @param port the port, 0..65535
 */
public record PeerAddress(InetAddress ip, int port) {
  /** Validates the port and that the address is not bound to a host name lookup. */
  public PeerAddress {
    checkNotNull(ip, "ip");
    checkArgument(port >= 0 && port <= 0xffff, "port out of range: %s", port);
    // Drop any host name the caller's InetAddress carried, so equality is by bytes only.
    ip = normalize(ip);
  }

  /**
   * Returns the address of a literal IP ({@code "1.2.3.4"}, {@code "::1"}) and a port.
   *
   * @throws IllegalArgumentException if {@code host} is not a literal IP or the port is out of range
   */
  public static PeerAddress of(String host, int port) {
    checkArgument(InetAddresses.isInetAddress(host), "not a literal IP address: %s", host);
    return new PeerAddress(InetAddresses.forString(host), port);
  }

  /**
   * Returns the address of a 4-byte (IPv4) or 16-byte (IPv6) IP and a port.
   *
   * @throws IllegalArgumentException if {@code ip} has another length or the port is out of range
   */
  public static PeerAddress fromBytes(byte[] ip, int port) {
    checkArgument(ip.length == 4 || ip.length == 16, "an IP is 4 or 16 bytes, got %s", ip.length);
    try {
      return new PeerAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Parses {@code "1.2.3.4:5"} or {@code "[::1]:5"}.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  public static PeerAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not an ip:port address: " + text));
  }

  /** Parses {@code "1.2.3.4:5"} or {@code "[::1]:5"}, or returns empty. */
  public static Optional<PeerAddress> tryParse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return Optional.empty();
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (host.startsWith("[") != host.endsWith("]")) {
      return Optional.empty();
    }
    boolean bracketed = host.startsWith("[");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    if (!portText.chars().allMatch(c -> c >= '0' && c <= '9') || portText.length() > 5) {
      return Optional.empty();
    }
    int port = Integer.parseInt(portText);
    if (port > 0xffff || !InetAddresses.isInetAddress(host)) {
      return Optional.empty();
    }
    InetAddress ip = InetAddresses.forString(host);
    // IPv6 must be bracketed and IPv4 must not, so the text form is unambiguous.
    if ((ip instanceof Inet6Address) != bracketed) {
      return Optional.empty();
    }
    return Optional.of(new PeerAddress(ip, port));
  }

  /** Returns a copy of the 4 (IPv4) or 16 (IPv6) address bytes. */
  public byte[] ipBytes() {
    return ip.getAddress();
  }

  /** Whether the address is IPv4. */
  public boolean isIpv4() {
    return !(ip instanceof Inet6Address);
  }

  /** Returns this address with another port. */
  public PeerAddress withPort(int newPort) {
    return new PeerAddress(ip, newPort);
  }

  @Override
  public String toString() {
    String host = InetAddresses.toAddrString(ip);
    return (isIpv4() ? host : "[" + host + "]") + ":" + port;
  }

  /** Returns {@code ip} stripped of any host name, so that equality is by address bytes only. */
  static InetAddress normalizeIp(InetAddress ip) {
    return normalize(ip);
  }

  private static InetAddress normalize(InetAddress ip) {
    try {
      return InetAddress.getByAddress(ip.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
