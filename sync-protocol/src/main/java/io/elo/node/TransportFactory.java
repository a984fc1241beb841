package io.elo.node;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Transport;
import java.io.IOException;

/**
 * Creates the node's transport once the node knows its identity, so a stream transport can put
 * the node's secure channel between socket and frames: {@code .transport(security ->
 * TcpTransport.builder().security(security).build())}. The node passes {@link
 * ChannelSecurity#encrypted} for its identity unless the builder was told {@link
 * NodeBuilder#plaintext()}.
 */
@FunctionalInterface
public interface TransportFactory {
  /**
   * Returns a new transport using {@code security}; the node owns and closes it.
   *
   * @throws IOException if the transport cannot be created
   */
  Transport create(ChannelSecurity security) throws IOException;
}
