package io.elo.examples;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusKind;
import io.elo.consensus.ProofOfAuthority;
import io.elo.consensus.Target;
import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A custom chain: its own {@link ChainParams} (name, network id, genesis time, one-second spacing)
 * for a proof-of-authority network of three signers, each running a sealing node. The signer in
 * turn at height {@code h} is {@code authorities[h mod 3]}; it seals at parent time plus the
 * spacing, the others only half a spacing later (plus jitter) if it does not, and an in-turn seal
 * weighs 2 against 1 in fork choice, so the three nodes seal in turn and converge.
 */
public final class ConsortiumChainExample {
  /** The chain's network id, "ELOC": peers of other chains fail the handshake. */
  public static final int NETWORK_ID = 0x454c4f43;

  /** Seconds between blocks. */
  public static final Duration SPACING = Duration.ofSeconds(1);

  private ConsortiumChainExample() {}

  /**
   * What the run saw.
   *
   * @param params the chain the nodes ran
   * @param headers the converged chain's headers from height 1 up
   * @param tips each node's tip hash when they stopped, in node order
   */
  public record Outcome(ChainParams params, List<BlockHeader> headers, List<Hash> tips) {
    /** Copies the lists. */
    public Outcome {
      headers = List.copyOf(headers);
      tips = List.copyOf(tips);
    }
  }

  /** Runs three sealing nodes for 6 blocks and prints who sealed what. */
  public static void main(String[] args) throws Exception {
    Outcome outcome = run(6, Duration.ofMinutes(1), System.out);
    System.out.println("converged on " + outcome.tips().get(0).toHex());
  }

  /**
   * The consortium chain of {@code signers} (in turn order) launched at {@code genesisTime}. Every
   * node of the network must use the same values: they determine the genesis block, whose hash the
   * handshake compares.
   */
  public static ChainParams params(List<PublicKey> signers, Instant genesisTime) {
    return ChainParams.builder()
        .name("elo-consortium")
        .networkId(NETWORK_ID)
        .consensusKind(ConsensusKind.PROOF_OF_AUTHORITY)
        .authorities(signers)
        .genesisTime(genesisTime)
        .targetSpacing(SPACING)
        .maxFutureDrift(Duration.ofSeconds(15))
        .initialSubsidy(Amount.ofCoins(50))
        .halvingInterval(210_000)
        .coinbaseMaturity(20)
        .allowedSchemes(Set.of(SignatureSchemes.ED25519))
        .defaultPort(19500)
        .addressPrefix("eloc")
        .maxReorgDepth(100)
        // Required by the builder, unused by proof of authority.
        .powLimit(Target.fromCompact(0x207fffff))
        .asertHalfLife(Duration.ofHours(1))
        .build();
  }

  /**
   * Generates three authority keys, launches the chain two seconds from now, starts one sealing
   * node per key on loopback TCP, connects them, and stops once all three have the same block at
   * height {@code blocks} and the same tip.
   *
   * @throws IOException if a node cannot listen or connect
   * @throws StoreException if a chain state cannot be opened
   * @throws InterruptedException if interrupted while waiting
   */
  public static Outcome run(int blocks, Duration timeout, PrintStream out)
      throws IOException, StoreException, InterruptedException {
    SecureRandom random = new SecureRandom();
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(SignatureSchemes.ED25519.generateKeyPair(random));
    }
    Instant launch = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    ChainParams params = params(keys.stream().map(KeyPair::publicKey).toList(), launch);
    List<Node> nodes = new ArrayList<>();
    try {
      for (KeyPair key : keys) {
        Node node =
            Node.builder()
                .params(params)
                .identity(NodeIdentity.generate(random))
                .transport(security -> TcpTransport.builder().security(security).build())
                .listenAddress(PeerAddress.of("127.0.0.1", 0))
                .sealing(key.privateKey(), Address.fromPublicKey(key.publicKey()))
                .produceBlocks(false) // seal once the network is connected
                .build();
        nodes.add(node);
        node.start();
      }
      connect(nodes.get(1), nodes.get(0), timeout);
      connect(nodes.get(2), nodes.get(0), timeout);
      connect(nodes.get(2), nodes.get(1), timeout);
      nodes.forEach(Node::startBlockProduction);

      Instant deadline = Instant.now().plus(timeout);
      while (!agreeAt(nodes, Height.of(blocks)) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      nodes.forEach(Node::stopBlockProduction);
      while (!sameTip(nodes) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      return report(params, nodes, out);
    } finally {
      nodes.forEach(Node::close);
    }
  }

  private static Outcome report(ChainParams params, List<Node> nodes, PrintStream out)
      throws StoreException {
    ProofOfAuthority rules = ProofOfAuthority.of(params);
    Node first = nodes.get(0);
    List<BlockHeader> headers = new ArrayList<>();
    for (int h = 1; h <= first.tip().height().value(); h++) {
      BlockHeader header = first.blockAt(Height.of(h)).map(Block::header).orElseThrow();
      headers.add(header);
      int signer = params.authorities().indexOf(rules.signerOf(header).orElseThrow());
      boolean inTurn = header.bits() == ProofOfAuthority.IN_TURN_BITS;
      out.printf(
          "height %d sealed by signer %d %s at %s%n",
          h, signer, inTurn ? "in turn" : "out of turn", header.time());
    }
    return new Outcome(params, headers, nodes.stream().map(n -> n.tip().hash()).toList());
  }

  /** Whether every node has the same block at {@code height}. */
  private static boolean agreeAt(List<Node> nodes, Height height) throws StoreException {
    Hash expected = null;
    for (Node node : nodes) {
      var block = node.blockAt(height);
      if (block.isEmpty() || (expected != null && !expected.equals(block.get().hash()))) {
        return false;
      }
      expected = block.get().hash();
    }
    return true;
  }

  private static boolean sameTip(List<Node> nodes) {
    return nodes.stream().map(n -> n.tip().hash()).distinct().count() == 1;
  }

  private static void connect(Node from, Node to, Duration timeout)
      throws IOException, InterruptedException {
    PeerAddress address = to.listenAddress().orElseThrow();
    try {
      from.connect(address).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot connect to " + address, e);
    }
  }
}
