package io.elo.examples.internal.cli;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PrivateKey;
import io.elo.model.Address;
import io.elo.p2p.PeerAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The checked settings of {@code elo node}.
 *
 * @param params the chain
 * @param dataDirectory the node's data directory
 * @param listen where to accept peers
 * @param advertise the address to advertise instead of {@code listen}
 * @param peers static peers
 * @param bootstrap bootstrap nodes
 * @param mine whether to mine
 * @param sealKey the authority key, when sealing
 * @param reward the reward address (required for mining)
 * @param threads mining threads
 * @param waitForPeers peers to wait for before block production starts
 * @param rest where and how to serve the REST API
 * @param metrics whether the node's meters go to the REST server's registry
 * @param siblings REST URLs of sibling testnet nodes
 * @param plaintext whether peer links are unencrypted
 * @param exemptLocalPeers whether loopback, private and link-local peers escape the per-IP and
 *     per-net-group caps ({@code --exempt-local-peers})
 * @param progressInterval how often sync progress is logged
 * @param discovery whether Kademlia discovery and peer exchange run
 */
record NodeSettings(
    ChainParams params,
    Path dataDirectory,
    PeerAddress listen,
    Optional<PeerAddress> advertise,
    List<PeerAddress> peers,
    List<PeerAddress> bootstrap,
    boolean mine,
    Optional<PrivateKey> sealKey,
    Optional<Address> reward,
    int threads,
    int waitForPeers,
    Optional<RestSettings> rest,
    boolean metrics,
    List<URI> siblings,
    boolean plaintext,
    boolean exemptLocalPeers,
    Duration progressInterval,
    boolean discovery) {}
