package io.elo.p2p.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A test's child JVM on this JVM's class path: a node in a process of its own. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with {@code jvmOptions} and {@code args} (output and errors merged) and
   * reads its output until a line starting with {@code ready}, which it returns; every later line
   * goes to {@code rest} on a daemon thread, so the child never blocks on a full pipe. Kills the
   * child and fails if no such line comes within {@code wait}.
   */
  static Started start(
      List<String> jvmOptions,
      Class<?> main,
      List<String> args,
      String ready,
      Duration wait,
      Consumer<String> rest)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + wait.toNanos();
    for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
      if (line.startsWith(ready)) {
        Thread reader = new Thread(() -> out.lines().forEach(rest));
        reader.setDaemon(true);
        reader.start();
        return new Started(process, line);
      }
    }
    process.destroyForcibly();
    throw new AssertionError(main.getSimpleName() + " did not start");
  }

  /** A started child and its ready line. */
  record Started(Process process, String readyLine) {}
}
