package io.elo.examples.internal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code elo.jar} run as a child process, as a user would ({@code java -jar elo.jar
 * ...}); failsafe runs after {@code package}, so the jar exists. Output goes to a file.
 */
final class EloProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("started on \\S+ at height (\\d+)");

  final Process process;
  final Path output;

  private EloProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("elo.jar", "target/elo.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn package first");
    }
    return jar;
  }

  static EloProcess start(Path output, String... args) throws IOException {
    return start(output, List.of("-Xmx384m"), args);
  }

  /** As {@link #start(Path, String...)}, with these JVM options. */
  static EloProcess start(Path output, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(NodeProcess.REQUIRED_JVM_OPTIONS); // as the launcher and elo testnet do
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    return new EloProcess(pb.start(), output);
  }

  /** Waits for the exit; the exit code, or fails after {@code seconds}. */
  int await(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
      throw new AssertionError("still running after " + seconds + "s:\n" + output());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** Every height a node log reported at start ("started on <net> at height N"), in order. */
  static List<Integer> startHeights(Path log) throws IOException {
    List<Integer> heights = new ArrayList<>();
    Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
    while (m.find()) {
      heights.add(Integer.parseInt(m.group(1)));
    }
    return heights;
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
