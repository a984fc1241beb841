package io.elo.bench;

import java.util.Arrays;

/**
 * {@code elo bench}: dispatches {@code throughput} to {@link ThroughputBenchmark}, {@code sync} to
 * {@link SyncBenchmark}, {@code network} to {@link NetworkBenchmark} and {@code soak} to {@link
 * SoakTest}; {@code --help} (or nothing) prints the commands. Each prints {@code RESULT <name>
 * key=value ...} lines for scripts.
 */
public final class BenchCli {
  private static final String COMMANDS = "throughput, sync, network, soak";

  private BenchCli() {}

  /** Runs {@code elo bench <command> [options]}. */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "--help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      switch (command) {
        case "throughput" -> ThroughputBenchmark.main(rest);
        case "sync" -> SyncBenchmark.main(rest);
        case "network" -> NetworkBenchmark.main(rest);
        case "soak" -> SoakTest.main(rest);
        case "--help", "-h", "help" -> {
          System.out.println(
              "usage: elo bench throughput|sync|network|soak [options]"
                  + " (elo bench <command> --help)");
          for (String usage :
              new String[] {
                ThroughputBenchmark.USAGE,
                SyncBenchmark.USAGE,
                BenchOptions.NETWORK_USAGE,
                BenchOptions.SOAK_USAGE
              }) {
            System.out.println();
            System.out.println(usage);
          }
        }
        default -> {
          System.err.println("elo bench: unknown command '" + command + "' (" + COMMANDS + ")");
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("elo bench " + command + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
