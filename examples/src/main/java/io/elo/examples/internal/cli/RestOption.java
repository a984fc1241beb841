package io.elo.examples.internal.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --rest} option of the REST clients ({@code status}, {@code wallet}). */
final class RestOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--rest",
      paramLabel = "ADDRESS",
      description = "The node's REST API, ip:port or URL (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:8080")
  String rest = "127.0.0.1:8080";

  /** A client for the node; a usage error if the address is malformed. */
  RestClient client() {
    URI uri;
    try {
      uri = RestClient.baseUri(rest);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--rest: " + e.getMessage());
    }
    return new RestClient(uri);
  }
}
