package io.elo.examples.internal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code elo node} child process of a testnet, started with the same Java and class path as
 * this process and {@link #REQUIRED_JVM_OPTIONS}, its output appended to {@code node.log} in its
 * data directory.
 */
final class NodeProcess {
  /**
   * JVM options every node process gets, before the caller's: a real OutOfMemoryError ends the
   * process at once (exit code 3) rather than leaving a node with dead threads running.
   */
  static final List<String> REQUIRED_JVM_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError");

  private final int index;
  private final Process process;
  private final Path log;

  private NodeProcess(int index, Process process, Path log) {
    this.index = index;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code elo node <args>}; its output goes to {@code log}. */
  static NodeProcess start(int index, List<String> nodeArgs, List<String> jvmOptions, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(REQUIRED_JVM_OPTIONS);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("node");
    command.addAll(nodeArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new NodeProcess(index, pb.start(), log);
  }

  int index() {
    return index;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, if the process ended. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** Asks the node to stop (SIGTERM: it closes its stores cleanly). */
  void terminate() {
    process.destroy();
  }

  /** Waits up to {@code millis} for the exit, then kills the process (SIGKILL). */
  boolean awaitExitOrKill(long millis) {
    try {
      if (process.waitFor(Math.max(0, millis), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Stops every process: SIGTERM to all, up to {@code millis} for all to exit, then SIGKILL. */
  static List<Integer> stopAll(List<NodeProcess> processes, long millis) {
    processes.forEach(NodeProcess::terminate);
    long deadline = System.currentTimeMillis() + millis;
    List<Integer> killed = new ArrayList<>();
    for (NodeProcess p : processes) {
      if (!p.awaitExitOrKill(deadline - System.currentTimeMillis())) {
        killed.add(p.index);
      }
    }
    return killed;
  }
}
