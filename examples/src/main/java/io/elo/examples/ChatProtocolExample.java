package io.elo.examples;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.p2p.NodeId;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A custom protocol next to the chain protocol: two regtest nodes over TCP register {@link
 * ChatProtocol} ({@code elo-chat/1}) on {@code node.network()} before they start, chat, and keep
 * chatting after one has mined blocks and the other has synced them over the same connection.
 */
public final class ChatProtocolExample {
  private ChatProtocolExample() {}

  /**
   * What the run saw.
   *
   * @param transcript the chat messages received, in order, as {@code "alice <- text"} or {@code
   *     "bob <- text"}: bob's greeting, alice's answer, bob's note that he synced
   * @param syncedHeight the height at which both nodes had the same tip (or bob's height if the run
   *     timed out first)
   */
  public record Outcome(List<String> transcript, Height syncedHeight) {
    /** Copies the transcript. */
    public Outcome {
      transcript = List.copyOf(transcript);
    }
  }

  /** Runs the example and prints what happened. */
  public static void main(String[] args) throws Exception {
    Outcome outcome = run(3, Duration.ofMinutes(1), System.out);
    System.out.println(outcome.transcript() + ", both at height " + outcome.syncedHeight());
  }

  /**
   * Starts alice (a miner, production off) and bob on loopback TCP; bob greets alice and alice
   * answers; then alice mines {@code blocks} blocks, bob syncs them over the same connection and
   * tells alice so.
   *
   * @throws IOException if a node cannot listen or connect
   * @throws StoreException if a chain state cannot be opened
   * @throws InterruptedException if interrupted while waiting
   */
  public static Outcome run(int blocks, Duration timeout, PrintStream out)
      throws IOException, StoreException, InterruptedException {
    SecureRandom random = new SecureRandom();
    Address reward =
        Address.fromPublicKey(SignatureSchemes.ED25519.generateKeyPair(random).publicKey());
    List<String> transcript = new CopyOnWriteArrayList<>();
    try (Node alice = node(random).mining(reward, 1).produceBlocks(false).build();
        Node bob = node(random).build()) {
      // Registered before start(), so the handshake tells peers that both nodes speak it.
      ChatProtocol aliceChat =
          ChatProtocol.register(
              alice.network(), (from, text) -> transcript.add("alice <- " + text));
      ChatProtocol bobChat =
          ChatProtocol.register(
              bob.network(),
              (NodeId from, String text) -> {
                transcript.add("bob <- " + text);
                out.println("bob heard: " + text);
              });
      alice.start();
      bob.start();
      connect(bob, alice.listenAddress().orElseThrow(), timeout);
      Instant deadline = Instant.now().plus(timeout);

      bobChat.broadcast("hello alice, this is bob");
      await(() -> transcript.size() >= 1, deadline);
      aliceChat.send(bob.nodeId(), "hi bob, alice here; mining now");
      await(() -> transcript.size() >= 2, deadline);

      alice.startBlockProduction();
      await(() -> alice.tip().height().value() >= blocks, deadline);
      alice.stopBlockProduction();
      await(() -> bob.tip().hash().equals(alice.tip().hash()), deadline);
      Height synced = bob.tip().height();
      bobChat.broadcast("got your blocks up to height " + synced.value());
      await(() -> transcript.size() >= 3, deadline);

      out.println("transcript " + transcript + "; bob synced to height " + synced.value());
      return new Outcome(transcript, synced);
    }
  }

  /** Waits until {@code condition} holds or {@code deadline} passes. */
  private static void await(BooleanSupplier condition, Instant deadline)
      throws InterruptedException {
    while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
  }

  private static NodeBuilder node(SecureRandom random) {
    return Node.builder()
        .params(ChainParams.regtest())
        .identity(NodeIdentity.generate(random))
        .transport(security -> TcpTransport.builder().security(security).build())
        .listenAddress(PeerAddress.of("127.0.0.1", 0))
        .network(b -> b.rateLimit(ChatProtocol.ID, ChatProtocol.RATE_LIMIT));
  }

  private static void connect(Node node, PeerAddress address, Duration timeout)
      throws IOException, InterruptedException {
    try {
      node.connect(address).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot connect to " + address, e);
    }
  }
}
