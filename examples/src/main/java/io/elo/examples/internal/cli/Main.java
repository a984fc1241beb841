package io.elo.examples.internal.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code elo} entry point ({@code java -jar elo.jar}). Exit codes: 0 success, 1 an expected
 * failure ({@link UserException}, or a check that failed), 2 a usage error (bad or missing
 * arguments; picocli prints a short message and the usage), 3 the JVM ran out of memory (the
 * launcher's {@code -XX:+ExitOnOutOfMemoryError}), 10 to 13 {@code elo node} stopped after a fatal
 * error of its network I/O thread, chain writer, scheduler or another node thread ({@link
 * RunningNode}). Stack traces only with {@code --verbose}. docs/operations.md lists them.
 */
public final class Main {
  /** Exit code of a usage error. */
  public static final int USAGE = 2;

  private Main() {}

  /** Runs {@code elo} with {@code args} and exits with its code. */
  public static void main(String[] args) {
    configureLogging(args);
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    // After a signal the shutdown hooks are already running and this call waits for them.
    System.exit(code);
  }

  /** Runs {@code elo} with {@code args}, printing to {@code out} and {@code err}; the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  /** The command tree with Elo's error handling, printing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new EloCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr().println("elo: " + e.getMessage());
          cmd.getErr().println();
          cmd.usage(cmd.getErr());
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          boolean verbose =
              cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose");
          if (e instanceof CommandLine.ParameterException p) {
            cmd.getErr().println("elo: " + p.getMessage());
            cmd.getErr().println("Try 'elo " + cmd.getCommandName() + " --help'.");
            return USAGE;
          }
          String message = e instanceof UserException ? e.getMessage() : describe(e);
          cmd.getErr().println("elo " + cmd.getCommandName() + ": " + message);
          if (verbose) {
            e.printStackTrace(cmd.getErr());
          } else if (!(e instanceof UserException)) {
            cmd.getErr().println("(run with --verbose for the stack trace)");
          }
          return 1;
        });
    return cli;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * SLF4J simple logger defaults for a readable console: time, level, short logger name, on
   * stdout; {@code --verbose} turns on debug. Set before the first logger is created.
   */
  private static void configureLogging(String[] args) {
    setDefault("org.slf4j.simpleLogger.logFile", "System.out");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
    // Jetty's INFO lines (start banners, "connection limit reached") can be driven by any client.
    setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    for (String arg : args) {
      if (arg.equals("--verbose")) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "debug");
      }
    }
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
