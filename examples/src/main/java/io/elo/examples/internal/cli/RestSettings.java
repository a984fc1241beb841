package io.elo.examples.internal.cli;

import io.elo.examples.internal.rest.RestTls;
import io.elo.p2p.PeerAddress;
import java.util.Optional;

/**
 * Where and how {@code elo node} serves REST.
 *
 * @param bind the address to serve on
 * @param tls the certificate and key for HTTPS, read at option checking so a bad file stops the
 *     command before the node opens its data
 */
record RestSettings(PeerAddress bind, Optional<RestTls> tls) {}
