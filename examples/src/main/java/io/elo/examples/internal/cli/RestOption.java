package io.elo.examples.internal.cli;

import io.elo.examples.internal.rest.RestTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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

  @Option(
      names = "--rest-ca",
      paramLabel = "FILE",
      description =
          "PEM certificates to trust for an https --rest (a node's self-signed certificate or a"
              + " private CA) instead of the JVM's trusted authorities.")
  Path restCa;

  /** A client for the node; a usage error if the address is malformed. */
  RestClient client() {
    URI uri;
    try {
      uri = RestClient.baseUri(rest);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--rest: " + e.getMessage());
    }
    if (restCa == null) {
      return new RestClient(uri);
    }
    try {
      return new RestClient(
          uri, Duration.ofSeconds(5), Optional.empty(), Optional.of(RestTls.clientContext(restCa)));
    } catch (IOException e) {
      throw new UserException("--rest-ca: " + e.getMessage(), e);
    }
  }
}
