package io.elo.examples.internal.cli;

import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code elo keygen}: writes a new private key file and prints its public key and address. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Creates a private key file (docs/key-file.md, mode 0600) and prints its public key and"
          + " its address on the chosen network. The key can pay and receive (elo wallet), seal"
          + " blocks (elo node --seal-key) or be a node key (<datadir>/node.key).",
      "",
      "Example: elo keygen --out wallet.key --network devnet"
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ChainOptions chain;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "The key file to write; refuses to overwrite.")
  Path out;

  @Option(
      names = "--scheme",
      paramLabel = "NAME",
      description = "ed25519 or secp256k1 (default: ${DEFAULT-VALUE}).",
      defaultValue = "ed25519")
  String scheme;

  @Option(names = "--verbose", description = "Stack traces on failure.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    SignatureScheme s =
        SignatureSchemes.all().stream()
            .filter(x -> x.name().equalsIgnoreCase(scheme))
            .findFirst()
            .orElseThrow(
                () ->
                    new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--scheme must be ed25519 or secp256k1, not '" + scheme + "'"));
    if (Files.exists(out)) {
      throw new UserException(out + " exists; choose another --out (keys are never overwritten)");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    KeyPair pair = s.generateKeyPair(new SecureRandom());
    KeyFiles.write(out, pair.privateKey());
    String prefix = chain.network == ChainOptions.Network.poa ? "elop" : chain.params().addressPrefix();
    spec.commandLine().getOut().println("key file:   " + out);
    spec.commandLine().getOut().println("scheme:     " + s.name());
    spec.commandLine().getOut().println("public key: " + pair.publicKey().toHex());
    spec.commandLine().getOut().println(
        "address:    " + Address.fromPublicKey(pair.publicKey()).toText(prefix));
    return 0;
  }
}
