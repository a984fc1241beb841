package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.node.NodeFailure;
import io.elo.node.NodeListener;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.TestChainBuilder;
import java.nio.file.Path;
import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's fatal-error callback as an embedding application sees it (issue 14: a node whose
 * threads died stayed up): an {@link Error} on the network I/O thread, the chain writer or the
 * node's scheduler stops the node (closed, data directory released), the callback fires once with
 * the failed part, and the library never calls {@code System.exit}.
 */
@Timeout(120)
@SuppressWarnings("removal") // SecurityManager: the one way to see that System.exit is not called
class FatalErrorCallbackTest {
  private static final ProtocolId FAILING = ProtocolId.of("test-failing", 1);

  @TempDir Path dir;

  private final List<NodeFailure> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch called = new CountDownLatch(1);
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private SecurityManager previous;
  private final List<Integer> exitCalls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void refuseSystemExit() {
    previous = System.getSecurityManager();
    // Java 17 still lets a test install one; it records and refuses any System.exit. (A later JDK
    // refuses it without -Djava.security.manager=allow: an exit would then end the test JVM,
    // which fails the build all the same.)
    try {
      System.setSecurityManager(
          new SecurityManager() {
            @Override
            public void checkPermission(Permission permission) {}

            @Override
            public void checkExit(int status) {
              exitCalls.add(status);
              throw new SecurityException("System.exit(" + status + ") called");
            }
          });
    } catch (UnsupportedOperationException e) {
      previous = null;
    }
  }

  @AfterEach
  void restore() {
    nodes.forEach(Node::close);
    if (System.getSecurityManager() != null) {
      System.setSecurityManager(previous);
    }
  }

  @Test
  void errorOnTheIoThread_stopsTheNode_andCallsBackOnce() throws Exception {
    Node node = start(builder(dir.resolve("a")).onFatalError(this::record));
    node.network().registerProtocol(FAILING, failingOnConnect(new StackOverflowError("test")));
    Node peer = start(builder(dir.resolve("b")));
    peer.connect(node.listenAddress().orElseThrow());

    NodeFailure failure = awaitFailure();
    assertEquals(NodeFailure.Source.NETWORK_IO, failure.source());
    assertTrue(failure.cause() instanceof StackOverflowError);
    assertStopped(node, dir.resolve("a"), 0);
  }

  @Test
  void errorOnTheChainWriter_stopsTheNode_andCallsBackOnce() throws Exception {
    Error error = new OutOfMemoryError("test listener");
    Node node =
        start(
            builder(dir.resolve("a"))
                .onFatalError(this::record)
                .listener(
                    new NodeListener() {
                      @Override
                      public void blockConnected(Block block, Height height) {
                        throw error;
                      }
                    }));
    TestChainBuilder chain = TestChainBuilder.regtest();
    node.submitBlock(chain.extend(chain.genesis(), 1).get(0));

    NodeFailure failure = awaitFailure();
    assertEquals(NodeFailure.Source.CHAIN_WRITER, failure.source());
    assertSame(error, failure.cause());
    // The error came after the block was connected, so the close flushed it.
    assertStopped(node, dir.resolve("a"), 1);
  }

  @Test
  void errorOnTheScheduler_stopsTheNode_andCallsBackOnce() throws Exception {
    Node node = start(builder(dir.resolve("a")).onFatalError(this::record));
    Node peer = start(builder(dir.resolve("b")));
    peer.connect(node.listenAddress().orElseThrow()).get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.peers().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // A protocol registered after a peer connected meets it on the node's scheduler.
    node.network().registerProtocol(FAILING, failingOnConnect(new AssertionError("test")));

    NodeFailure failure = awaitFailure();
    assertEquals(NodeFailure.Source.SCHEDULER, failure.source());
    assertStopped(node, dir.resolve("a"), 0);
  }

  private NodeBuilder builder(Path data) {
    return Node.builder()
        .params(ChainParams.regtest())
        .dataDirectory(data)
        .transport(security -> TcpTransport.builder().security(security).build())
        .listenAddress(PeerAddress.of("127.0.0.1", 0));
  }

  private Node start(NodeBuilder builder) throws Exception {
    Node node = builder.build();
    nodes.add(node);
    node.start();
    return node;
  }

  private void record(NodeFailure failure) {
    failures.add(failure);
    called.countDown();
  }

  private NodeFailure awaitFailure() throws InterruptedException {
    assertTrue(called.await(60, TimeUnit.SECONDS), "the fatal error callback never came");
    return failures.get(0);
  }

  /** The node is closed and its data directory free; the callback came once; no exit. */
  private void assertStopped(Node node, Path data, int height) throws Exception {
    assertTrue(node.failure().isPresent());
    assertThrows(IllegalStateException.class, () -> node.connect(PeerAddress.of("127.0.0.1", 1)));
    Node reopened = builder(data).build(); // the data directory lock was released
    try {
      assertEquals(height, reopened.tip().height().value());
    } finally {
      reopened.close();
    }
    Thread.sleep(200);
    assertEquals(1, failures.size(), "the callback fires once: " + failures);
    assertEquals(List.of(), exitCalls, "the library never exits the JVM");
  }

  private static ProtocolHandler failingOnConnect(Error error) {
    return new ProtocolHandler() {
      @Override
      public void onPeerConnected(Peer peer) {
        throw error;
      }

      @Override
      public void onMessage(Peer peer, byte[] payload) {}
    };
  }
}
