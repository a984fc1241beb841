package io.elo.p2p.tcp;

import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.TestNodes;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.Executors;

/**
 * A peer in its own process, for {@link TcpReconnectIT}: listens on the given loopback port with a
 * node key derived from the given seed byte (so a restarted process is the same node), prints
 * {@code READY <node id>} and runs until killed.
 */
public final class TcpPeerMain {
  private TcpPeerMain() {}

  /** The node identity of seed {@code seed}: the same in every process. */
  static NodeIdentity identity(int seed) {
    byte[] secret = new byte[32];
    secret[0] = (byte) seed;
    secret[31] = 7;
    KeyPair key = KeyPair.fromPrivateKey(SignatureSchemes.ED25519.decodePrivateKey(secret));
    return NodeIdentity.of(key);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    NodeIdentity identity = identity(Integer.parseInt(args[1]));
    SecureRandom random = new SecureRandom();
    PeerNetwork network =
        PeerNetwork.builder()
            .transport(
                TcpTransport.builder()
                    .security(ChannelSecurity.encrypted(identity, random))
                    .build())
            .identity(identity)
            .networkId(TestNodes.NETWORK_ID)
            .genesisHash(TestNodes.GENESIS)
            .clock(InstantSource.system())
            .scheduler(Executors.newScheduledThreadPool(1))
            .random(random)
            .listenAddress(PeerAddress.of("127.0.0.1", port))
            .build();
    network.start();
    System.out.println("READY " + network.nodeId().toHex());
    System.out.flush();
    Thread.currentThread().join();
  }
}
