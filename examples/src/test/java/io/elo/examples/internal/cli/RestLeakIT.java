package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 1 over a real process: 5,000 REST requests whose client closes before reading
 * the reply leave the mining node's open descriptors (/proc/PID/fd) within 16 and its heap after
 * a full GC within 8 MB of the baseline, and the node keeps mining and answering. The heap is read
 * with {@code jcmd PID GC.run} then {@code GC.heap_info}: after a full collection the young
 * generation is empty, so the heap in use is the old generation, without JMX in the node.
 */
class RestLeakIT {
  private static final Pattern REST = Pattern.compile("REST (http://127\\.0\\.0\\.1:(\\d+)/)");
  private static final int REQUESTS = 5_000;
  private static final int WARM_UP = 200;
  private static final int FD_SLACK = 16;
  private static final long HEAP_SLACK_KB = 8 * 1024;

  @Test
  @Timeout(300)
  void requestsClosedBeforeTheReply_leakNoDescriptorsAndNoHeap(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    String reward =
        Address.fromPublicKey(
                SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).publicKey())
            .toText("elor");
    try (EloProcess node =
        EloProcess.start(dir.resolve("node.out"), "node", "--network", "regtest", "--datadir",
            dir.resolve("data").toString(), "--listen", "127.0.0.1:0", "--rest", "127.0.0.1:0",
            "--mine", "--reward", reward)) {
      int port = awaitRestPort(node);
      RestClient rest = new RestClient(URI.create("http://127.0.0.1:" + port));
      long pid = node.process.pid();
      // The first requests load classes and fill Jetty's buffer pools: not a leak, so the
      // baseline is taken after them.
      abortRequests(port, WARM_UP);
      long fdBefore = openDescriptors(pid);
      long heapBefore = heapAfterFullGc(pid);
      int heightBefore = height(rest);

      abortRequests(port, REQUESTS);

      long fdAfter = awaitDescriptors(pid, fdBefore + FD_SLACK);
      long heapAfter = heapAfterFullGc(pid);
      assertTrue(fdAfter <= fdBefore + FD_SLACK,
          "descriptors " + fdBefore + " -> " + fdAfter + " after " + REQUESTS + " requests");
      assertTrue(heapAfter <= heapBefore + HEAP_SLACK_KB,
          "heap after full GC " + heapBefore + " KB -> " + heapAfter + " KB");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (height(rest) <= heightBefore && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(height(rest) > heightBefore, "the node kept mining:\n" + node.output());
      assertTrue(node.process.isAlive(), node.output());
      System.out.printf("descriptors %d -> %d, heap %d KB -> %d KB, height %d -> %d%n",
          fdBefore, fdAfter, heapBefore, heapAfter, heightBefore, height(rest));
    }
  }

  /** Opens, sends a whole request and closes at once, {@code count} times, one after another. */
  private static void abortRequests(int port, int count) throws IOException {
    byte[] request =
        "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      }
    }
  }

  private static int awaitRestPort(EloProcess node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!node.process.isAlive()) {
        throw new AssertionError("node exited:\n" + node.output());
      }
      Matcher m = REST.matcher(node.output());
      if (m.find()) {
        return Integer.parseInt(m.group(2));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no REST line in the log:\n" + node.output());
  }

  private static int height(RestClient rest) {
    RestClient.Reply reply = rest.get("/api/v1/status");
    assertEquals(200, reply.status(), reply.error());
    return reply.body().get("height").getAsInt();
  }

  private static long openDescriptors(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    }
  }

  /** Waits up to 30 s for the server to finish closing; the last count. */
  private static long awaitDescriptors(long pid, long target) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long count = openDescriptors(pid);
    while (count > target && System.nanoTime() < deadline) {
      Thread.sleep(250);
      count = openDescriptors(pid);
    }
    return count;
  }

  /** KB in use after a full GC: G1's heap total, or Serial/Parallel's old generation. */
  private static long heapAfterFullGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher old = Pattern.compile("(?:tenured generation|ParOldGen|PSOldGen)\\s+total \\d+K, used (\\d+)K")
        .matcher(info);
    Matcher any = Pattern.compile("used (\\d+)K").matcher(info);
    if (old.find()) {
      return Long.parseLong(old.group(1));
    }
    if (any.find()) {
      return Long.parseLong(any.group(1));
    }
    throw new AssertionError("cannot read jcmd GC.heap_info:\n" + info);
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("jcmd " + command + " failed:\n" + out);
    }
    return out;
  }
}
