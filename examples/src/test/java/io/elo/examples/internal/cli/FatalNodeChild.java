package io.elo.examples.internal.cli;

import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.p2p.Peer;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The child process of {@link FatalErrorIT}: the reference node ({@code elo node}'s {@link
 * RunningNode}, mining on regtest) with one fault added through the public API once it reached a
 * height, and the exit code {@code elo node} would return.
 *
 * <p>Arguments: the fault ({@code oom}: a listener that leaks 4 MB per connected block until the
 * heap is gone; {@code io}: a protocol that throws an {@link Error} on the I/O thread when a peer
 * connects; {@code writer}: a listener that throws an {@link Error} on the chain writer), the
 * height to reach first, then {@code elo node}'s options. Prints {@code LISTENING <port>} and
 * {@code ARMED <height>}.
 */
public final class FatalNodeChild {
  /** The protocol of the {@code io} fault. */
  static final ProtocolId FAILING = ProtocolId.of("test-failing", 1);

  // The leak of the oom fault: reachable, so the collector cannot free it.
  private static final List<byte[]> LEAK = new ArrayList<>();

  private FatalNodeChild() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    String fault = args[0];
    int armAt = Integer.parseInt(args[1]);
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(java.util.Arrays.copyOfRange(args, 2, args.length));
    int code;
    try (RunningNode running = RunningNode.start(command.settings(command.chain.params()))) {
      Node node = running.node();
      System.out.println("LISTENING " + node.listenAddress().orElseThrow().port());
      while (node.tip().height().value() < armAt) {
        Thread.sleep(20);
      }
      arm(node, fault);
      System.out.println("ARMED " + node.tip().height().value());
      code = running.awaitExit();
    }
    System.exit(code); // as Main does
  }

  private static void arm(Node node, String fault) {
    switch (fault) {
      case "oom" ->
          node.addListener(
              new NodeListener() {
                @Override
                public void blockConnected(Block block, Height height) {
                  LEAK.add(new byte[4 << 20]);
                }
              });
      case "io" ->
          node.network()
              .registerProtocol(
                  FAILING,
                  new ProtocolHandler() {
                    @Override
                    public void onPeerConnected(Peer peer) {
                      throw new StackOverflowError("test protocol on the I/O thread");
                    }

                    @Override
                    public void onMessage(Peer peer, byte[] payload) {}
                  });
      case "writer" ->
          node.addListener(
              new NodeListener() {
                @Override
                public void blockConnected(Block block, Height height) {
                  throw new InternalError("test listener on the chain writer");
                }
              });
      default -> throw new IllegalArgumentException("unknown fault " + fault);
    }
  }
}
