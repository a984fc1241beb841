package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.node.Node;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.MapDbChainStore;
import io.elo.validation.TestChainBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 5, over real processes: a reference node ({@link FatalNodeChild}, started with
 * the JVM options every node process gets) whose heap runs out, or whose network I/O thread or
 * chain writer dies of an {@link Error}, must exit with a non-zero code instead of living on with
 * dead threads, and leave a chain store that opens without a reset (after the out-of-memory exit,
 * which is abrupt, the open verifies and rewrites the records: that is expected).
 */
@Timeout(300)
class FatalErrorIT {
  private static final int ARM_AT = 5;
  private static final Pattern ARMED = Pattern.compile("ARMED (\\d+)");
  private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+)");

  @TempDir Path dir;

  private final List<Child> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(c -> c.process().destroyForcibly());
  }

  @Test
  void outOfMemory_endsTheProcessAtOnce_andTheStoreReopensWithoutReset() throws Exception {
    Child child = start("oom");
    int code = child.awaitExit();
    assertEquals(3, code, "-XX:+ExitOnOutOfMemoryError's exit code:\n" + child.log());
    assertTrue(child.log().contains("OutOfMemoryError"), child.log());
    assertReopensWithoutReset(child);
  }

  @Test
  void errorOnTheIoThread_stopsTheNode_withItsExitCode() throws Exception {
    Child child = start("io");
    int port = child.await(LISTENING);
    child.await(ARMED);
    try (Node peer =
        Node.builder()
            .params(ChainParams.regtest())
            .dataDirectory(dir.resolve("peer"))
            .transport(security -> TcpTransport.builder().security(security).build())
            .build()) {
      peer.start();
      peer.connect(PeerAddress.of("127.0.0.1", port));
      assertEquals(RunningNode.EXIT_NETWORK_IO, child.awaitExit(), child.log());
    }
    assertStoppedCleanly(child);
  }

  @Test
  void errorOnTheChainWriter_stopsTheNode_withItsExitCode() throws Exception {
    Child child = start("writer");
    assertEquals(RunningNode.EXIT_CHAIN_WRITER, child.awaitExit(), child.log());
    assertStoppedCleanly(child);
  }

  private Child start(String fault) throws Exception {
    Child child = Child.start(dir, fault);
    children.add(child);
    return child;
  }

  private static void assertStoppedCleanly(Child child) throws Exception {
    String log = child.log();
    assertTrue(log.contains("fatal error in the"), log);
    assertTrue(log.contains("stopped"), log);
    assertFalse(log.contains("closed without its clean-shutdown marker"), log);
    assertReopensWithoutReset(child);
  }

  /** {@code open} (not {@code openOrReset}) succeeds; a node on the directory keeps its blocks. */
  private static void assertReopensWithoutReset(Child child) throws Exception {
    int armed = child.await(ARMED);
    MapDbChainStore.open(
            child.data.resolve("chainstate").resolve("chain.db"), MapDbChainStore.Options.DEFAULT)
        .close();
    try (Node reopened =
        Node.builder()
            .params(ChainParams.regtest())
            .dataDirectory(child.data)
            .transport(security -> TcpTransport.builder().security(security).build())
            .build()) {
      assertTrue(
          reopened.tip().height().value() >= armed,
          "reopened at " + reopened.tip().height() + ", armed at " + armed);
    }
  }

  /** A {@link FatalNodeChild} process, its output (standard output and error) in a file. */
  private record Child(Process process, Path logFile, Path data) {
    static Child start(Path dir, String fault) throws Exception {
      Path data = dir.resolve(fault);
      Path log = dir.resolve(fault + ".log");
      String reward = TestChainBuilder.minerAddress().toText("elor");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(NodeProcess.REQUIRED_JVM_OPTIONS); // what every node process gets
      command.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path")));
      command.addAll(List.of(FatalNodeChild.class.getName(), fault, "" + ARM_AT));
      command.addAll(
          List.of("--network", "regtest", "--datadir", data.toString(), "--listen",
              "127.0.0.1:0", "--mine", "--reward", reward, "--no-discovery"));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Child(process, log, data);
    }

    /** Waits (up to 120 s) for the exit; the exit code. */
    int awaitExit() throws Exception {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the node is still running, half-dead:\n" + log());
      }
      return process.exitValue();
    }

    /** Waits for the first line matching {@code pattern}; its number. */
    int await(Pattern pattern) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        Matcher m = pattern.matcher(log());
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no " + pattern + " line:\n" + log());
    }

    String log() throws Exception {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    }
  }
}
