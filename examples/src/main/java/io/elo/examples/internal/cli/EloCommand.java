package io.elo.examples.internal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code elo} command: a node, a local testnet and REST clients. */
@Command(
    name = "elo",
    mixinStandardHelpOptions = true,
    version = "elo 0.1.0",
    description = {
      "Elo: an embeddable peer-to-peer blockchain and its reference node.",
      "",
      "Start with 'elo testnet' (a local network of nodes mining and paying each other, with a live"
          + " table); see docs/getting-started.md and docs/operations.md."
    },
    subcommands = {
      TestnetCommand.class,
      NodeCommand.class,
      KeygenCommand.class,
      WalletCommand.class,
      StatusCommand.class
    })
final class EloCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "choose a command: testnet, node, keygen, wallet or status");
  }
}
