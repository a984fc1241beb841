/**
 * The Elo reference node and the embedding examples.
 *
 * <p>The reference node is the {@code elo} command line ({@code node}, {@code testnet}, {@code
 * keygen}, {@code wallet}, {@code status}, {@code bench}), the REST API and dashboard it serves;
 * its implementation packages are under {@code io.elo.examples.internal}.
 *
 * <p>The embedding examples are public, each a small class with a {@code main} that its test runs
 * (docs/examples.md walks through them):
 *
 * <ul>
 *   <li>{@link io.elo.examples.MiningNodeExample}: a mining node in a dozen lines;
 *   <li>{@link io.elo.examples.CustomTransportExample} with {@link
 *       io.elo.examples.UnixSocketTransport}: a custom transport through the SPI, reusing the
 *       secure channel over a Unix domain socket stream;
 *   <li>{@link io.elo.examples.ChatProtocolExample} with {@link io.elo.examples.ChatProtocol}: a
 *       custom protocol next to the chain protocol;
 *   <li>{@link io.elo.examples.ConsortiumChainExample}: a custom chain with its own {@code
 *       ChainParams}, a three-signer proof-of-authority network.
 * </ul>
 */
package io.elo.examples;
