package io.elo.examples.internal.cli;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureSchemes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which chain a command works on: {@code --network regtest|devnet|testnet|poa}; a
 * proof-of-authority chain also needs {@code --signers} (the authorities' public keys, in order)
 * and {@code --spacing}. Every node of a PoA network must get the same signers in the same order
 * and the same spacing: they define the genesis block.
 */
final class ChainOptions {
  /** The predefined chains and the proof-of-authority chain. */
  enum Network {
    regtest,
    devnet,
    testnet,
    poa
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "regtest, devnet, testnet or poa (default: ${DEFAULT-VALUE}).",
      defaultValue = "devnet")
  Network network = Network.devnet;

  @Option(
      names = "--signers",
      paramLabel = "HEX",
      split = ",",
      description =
          "poa only: the authorities' public keys (hex: 32-byte Ed25519 or 33-byte compressed"
              + " secp256k1), comma separated, in the same order on every node.")
  List<String> signers = new ArrayList<>();

  @Option(
      names = "--spacing",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "poa only: the block spacing, at least 1s (default: ${DEFAULT-VALUE}).",
      defaultValue = "2s")
  Duration spacing = Duration.ofSeconds(2);

  /** The chain parameters these options name; a usage error if the PoA options do not fit. */
  ChainParams params() {
    if (network != Network.poa) {
      if (!signers.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--signers is only for --network poa");
      }
      return switch (network) {
        case regtest -> ChainParams.regtest();
        case testnet -> ChainParams.testnet();
        default -> ChainParams.devnet();
      };
    }
    if (signers.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--network poa needs --signers (the authorities' public keys)");
    }
    if (spacing.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ParameterException(spec.commandLine(), "--spacing must be at least 1s");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (String hex : signers) {
      try {
        keys.add(publicKey(hex));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--signers: " + e.getMessage());
      }
    }
    try {
      return ChainParams.proofOfAuthority(keys, spacing);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--signers: " + e.getMessage());
    }
  }

  /** Decodes a public key given as hex; its length tells the scheme. */
  static PublicKey publicKey(String hex) {
    String text = hex.trim();
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not hex");
    }
    if (bytes.length == SignatureSchemes.ED25519.publicKeyLength()) {
      return SignatureSchemes.ED25519.decodePublicKey(bytes);
    }
    if (bytes.length == SignatureSchemes.SECP256K1.publicKeyLength()) {
      return SignatureSchemes.SECP256K1.decodePublicKey(bytes);
    }
    throw new IllegalArgumentException(
        "'" + text + "' is neither a 32-byte Ed25519 nor a 33-byte secp256k1 public key");
  }
}
