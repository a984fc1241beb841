package io.elo.examples.internal.rest;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin API token: 32 random bytes, written as 64 lower-case hex digits to {@code
 * <datadir>/api.token} (owner read/write only) the first time a node starts, and presented by
 * clients as {@code Authorization: Bearer <token>}. Comparison runs in constant time.
 */
public final class ApiToken {
  /** The token file's name inside the data directory. */
  public static final String FILE_NAME = "api.token";

  /** Random bytes in a token. */
  public static final int BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] text;

  private ApiToken(String hex) {
    this.text = hex.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Returns the token of 64 hex digits {@code hex}.
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static ApiToken fromHex(String hex) {
    requireNonNull(hex, "hex");
    checkArgument(
        hex.length() == 2 * BYTES && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0),
        "an API token is %s hex digits",
        2 * BYTES);
    return new ApiToken(hex.toLowerCase(java.util.Locale.ROOT));
  }

  /** Returns a fresh random token. */
  public static ApiToken generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return new ApiToken(HEX.formatHex(bytes));
  }

  /**
   * Reads {@code <dataDirectory>/api.token}, or creates it with a fresh token, readable and
   * writable by the owner only (where the file system has POSIX permissions).
   *
   * @throws IOException if the file cannot be read or written
   * @throws IllegalArgumentException if the file exists but holds no valid token
   */
  public static ApiToken loadOrCreate(Path dataDirectory, SecureRandom random) throws IOException {
    Path file = dataDirectory.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
    Files.createDirectories(dataDirectory);
    ApiToken token = generate(random);
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    try {
      if (Files.getFileStore(dataDirectory).supportsFileAttributeView("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: use theirs.
      return fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
    Files.write(file, (token.toHex() + "\n").getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.TRUNCATE_EXISTING);
    return token;
  }

  /** The token as 64 lower-case hex digits. */
  public String toHex() {
    return new String(text, StandardCharsets.US_ASCII);
  }

  /** Whether {@code presented} is this token; constant time in the token's length. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(text, presented.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "ApiToken{…}";
  }
}
