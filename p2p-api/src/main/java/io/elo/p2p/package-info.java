/**
 * Elo's peer-to-peer layer. It knows nothing of blocks or transactions: upper protocols (the chain
 * protocol, discovery, an application's own) register on a {@link io.elo.p2p.PeerNetwork} by
 * {@link io.elo.p2p.ProtocolId}.
 *
 * <ul>
 *   <li>Transport SPI: {@link io.elo.p2p.Transport} gives {@link io.elo.p2p.Connection}s that carry
 *       ordered, reliable frames; {@link io.elo.p2p.FrameCodec} frames byte streams.
 *   <li>Identity: {@link io.elo.p2p.NodeIdentity} (key pair) and {@link io.elo.p2p.NodeId} (SHA-256
 *       of the encoded public key), {@link io.elo.p2p.PeerAddress}.
 *   <li>Peers: {@link io.elo.p2p.PeerNetwork} runs the signed handshake, pings, multiplexing,
 *       rate limits ({@link io.elo.p2p.RateLimit}), reputation ({@link
 *       io.elo.p2p.ReputationManager}) and bans ({@link io.elo.p2p.Ban}).
 *   <li>Before authentication: {@link io.elo.p2p.HandshakeSlots} shares pending handshakes
 *       fairly per IP and net group, {@link io.elo.p2p.FailureLog} summarises what unauthenticated
 *       remotes make fail instead of logging a line each (also for transports).
 *   <li>Peer management: {@link io.elo.p2p.PeerManager} keeps the outbound target filled from an
 *       address book (Bitcoin Core's addrman), Kademlia discovery ({@link
 *       io.elo.p2p.DiscoveredNode}) and peer exchange, with net groups from {@link
 *       io.elo.p2p.NetGroups}, inbound limits and eviction, feelers and static peers.
 *   <li>Testing: {@code SimulatedNetwork}, an in-memory transport on deterministic
 *       virtual time.
 * </ul>
 *
 * <p>Caller mistakes raise {@link java.lang.IllegalArgumentException} or {@link
 * java.lang.IllegalStateException}; malformed framed input raises {@link
 * io.elo.p2p.FrameException}; I/O failures are checked {@link java.io.IOException}s. Wire messages
 * are protobuf, kept in the non-public {@code io.elo.p2p.internal.proto} package.
 */
package io.elo.p2p;
