package io.elo.bench;

import java.util.Arrays;

/**
 * {@code elo bench}: dispatches {@code network} to {@link NetworkBenchmark} and {@code soak} to
 * {@link SoakTest}; {@code --help} (or nothing) prints the commands.
 */
public final class BenchCli {
  private BenchCli() {}

  /** Runs {@code elo bench <command> [options]}. */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "--help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      switch (command) {
        case "network" -> NetworkBenchmark.main(rest);
        case "soak" -> SoakTest.main(rest);
        case "--help", "-h", "help" -> {
          System.out.println("usage: elo bench network|soak [options] (elo bench <command> --help)");
          System.out.println();
          System.out.println(BenchOptions.NETWORK_USAGE);
          System.out.println();
          System.out.println(BenchOptions.SOAK_USAGE);
        }
        default -> {
          System.err.println("elo bench: unknown command '" + command + "' (network, soak)");
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("elo bench " + command + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
