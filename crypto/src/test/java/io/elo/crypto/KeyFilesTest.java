package io.elo.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFilesTest {
  @TempDir Path dir;

  static List<SignatureScheme> schemes() {
    return SignatureSchemes.all();
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void writeThenRead_roundTrips(SignatureScheme scheme) throws IOException {
    PrivateKey key = scheme.generateKeyPair(new SecureRandom()).privateKey();
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, key);
    assertEquals(key, KeyFiles.read(file));
    List<String> lines = Files.readAllLines(file, US_ASCII);
    assertEquals("elo-private-key v1", lines.get(0));
    assertEquals("scheme " + scheme.name(), lines.get(1));
    assertEquals("public " + key.publicKey().toHex(), lines.get(3));
    assertEquals(4, lines.size());
  }

  @Test
  void write_replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).privateKey());
    PrivateKey second = SignatureSchemes.SECP256K1.generateKeyPair(new SecureRandom()).privateKey();
    KeyFiles.write(file, second);
    assertEquals(second, KeyFiles.read(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void write_setsOwnerOnlyPermissionsOnPosix() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).privateKey());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void write_rejectsADestroyedKey() {
    PrivateKey key = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).privateKey();
    key.destroy();
    assertThrows(IllegalStateException.class, () -> KeyFiles.write(dir.resolve("k"), key));
  }

  @Test
  void read_rejectsMalformedFiles() throws IOException {
    PrivateKey key = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).privateKey();
    String good = new String(KeyFiles.encode(key), US_ASCII);
    String privateHex = java.util.HexFormat.of().formatHex(key.toBytes());
    List<String> malformed =
        List.of(
            "",
            "elo-private-key v2\n" + good.substring(good.indexOf('\n') + 1),
            good.replace("scheme ed25519", "scheme ed448"),
            good.replace("scheme ed25519", "scheme: ed25519"),
            good.replace(privateHex, privateHex.substring(2)),
            good.replace(privateHex, privateHex.toUpperCase()),
            good.replace(privateHex, "zz" + privateHex.substring(2)),
            good.substring(0, good.length() - 1),
            good + "extra\n",
            good.replace("\n", "\r\n"),
            good.substring(0, good.indexOf("public")));
    for (String content : malformed) {
      Path file = dir.resolve("bad.key");
      Files.write(file, content.getBytes(US_ASCII));
      assertThrows(KeyFileException.class, () -> KeyFiles.read(file), content);
    }
  }

  @Test
  void read_rejectsAnInvalidPrivateKey() throws IOException {
    PrivateKey key = SignatureSchemes.SECP256K1.generateKeyPair(new SecureRandom()).privateKey();
    String good = new String(KeyFiles.encode(key), US_ASCII);
    String privateHex = java.util.HexFormat.of().formatHex(key.toBytes());
    Path file = dir.resolve("zero.key");
    Files.write(file, good.replace(privateHex, "00".repeat(32)).getBytes(US_ASCII));
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.read(file));
    assertTrue(e.getMessage().contains("invalid private key"));
  }

  @Test
  void read_rejectsAPublicKeyThatDoesNotMatch() throws IOException {
    PrivateKey key = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).privateKey();
    PublicKey other = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).publicKey();
    String content =
        new String(KeyFiles.encode(key), US_ASCII).replace(key.publicKey().toHex(), other.toHex());
    Path file = dir.resolve("mismatch.key");
    Files.write(file, content.getBytes(US_ASCII));
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.read(file));
    assertTrue(e.getMessage().contains("does not match"));
  }

  @Test
  void read_rejectsOversizedFiles() throws IOException {
    Path file = dir.resolve("big.key");
    Files.write(file, new byte[5000]);
    assertThrows(KeyFileException.class, () -> KeyFiles.read(file));
  }
}
