package io.elo.examples.internal.cli;

import io.elo.p2p.PeerAddress;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code ip:port} (IPv4 or bracketed IPv6 literal; host names are not resolved). */
final class AddressConverter implements ITypeConverter<PeerAddress> {
  @Override
  public PeerAddress convert(String value) {
    Optional<PeerAddress> address = PeerAddress.tryParse(value.trim());
    if (address.isEmpty()) {
      throw new TypeConversionException(
          "'" + value + "' is not an address: expected ip:port, such as 127.0.0.1:19445");
    }
    return address.get();
  }
}
