package io.elo.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/** Strict parser of the key file format described in {@link KeyFiles}; works on bytes. */
final class KeyFileParser {
  private static final int LINES = 4;

  private final byte[] content;
  private final String source;
  private int pos;

  private KeyFileParser(byte[] content, String source) {
    this.content = content;
    this.source = source;
  }

  static PrivateKey parse(byte[] content, String source) throws KeyFileException {
    return new KeyFileParser(content, source).parse();
  }

  private PrivateKey parse() throws KeyFileException {
    expectLine(
        KeyFiles.HEADER, "not an Elo key file (expected first line '" + KeyFiles.HEADER + "')");
    String schemeName = new String(field("scheme", 1), StandardCharsets.US_ASCII);
    SignatureScheme scheme =
        schemeNamed(schemeName)
            .orElseThrow(
                () -> fail("line 2: unknown signature scheme '" + printable(schemeName) + "'"));
    byte[] privateBytes = hex(field("private", 3), 3);
    byte[] publicBytes = hex(field("public", 4), 4);
    try {
      if (pos != content.length) {
        throw fail("unexpected content after line " + LINES);
      }
      PrivateKey key;
      try {
        key = scheme.decodePrivateKey(privateBytes);
      } catch (IllegalArgumentException e) {
        throw new KeyFileException(source + ": line 3: invalid private key: " + e.getMessage(), e);
      }
      if (!MessageDigest.isEqual(key.publicKey().bytes(), publicBytes)) {
        key.destroy();
        throw fail("line 4: public key does not match the private key");
      }
      return key;
    } finally {
      Arrays.fill(privateBytes, (byte) 0);
    }
  }

  private static Optional<SignatureScheme> schemeNamed(String name) {
    return SignatureSchemes.all().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private void expectLine(String expected, String message) throws KeyFileException {
    byte[] line = line(1);
    if (!Arrays.equals(line, expected.getBytes(StandardCharsets.US_ASCII))) {
      throw fail(message);
    }
  }

  /** Reads line {@code number} as "{@code name} value" and returns the value bytes. */
  private byte[] field(String name, int number) throws KeyFileException {
    byte[] line = line(number);
    byte[] prefix = (name + " ").getBytes(StandardCharsets.US_ASCII);
    if (line.length <= prefix.length
        || !Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length)) {
      Arrays.fill(line, (byte) 0);
      throw fail("line " + number + ": expected '" + name + " <value>'");
    }
    byte[] value = Arrays.copyOfRange(line, prefix.length, line.length);
    Arrays.fill(line, (byte) 0);
    return value;
  }

  /** Returns the next LF-terminated line without its terminator. */
  private byte[] line(int number) throws KeyFileException {
    int end = pos;
    while (end < content.length && content[end] != '\n') {
      end++;
    }
    if (end == content.length) {
      throw fail(
          pos == content.length
              ? "truncated: line " + number + " is missing"
              : "line " + number + " does not end with a line feed");
    }
    byte[] line = Arrays.copyOfRange(content, pos, end);
    pos = end + 1;
    return line;
  }

  private byte[] hex(byte[] digits, int number) throws KeyFileException {
    try {
      if (digits.length % 2 != 0) {
        throw fail("line " + number + ": odd number of hex digits");
      }
      byte[] out = new byte[digits.length / 2];
      for (int i = 0; i < out.length; i++) {
        int high = Character.digit(digits[2 * i], 16);
        int low = Character.digit(digits[2 * i + 1], 16);
        if (high < 0 || low < 0 || isUpper(digits[2 * i]) || isUpper(digits[2 * i + 1])) {
          Arrays.fill(out, (byte) 0);
          throw fail("line " + number + ": not lower-case hexadecimal");
        }
        out[i] = (byte) (high << 4 | low);
      }
      return out;
    } finally {
      Arrays.fill(digits, (byte) 0);
    }
  }

  private static boolean isUpper(byte b) {
    return b >= 'A' && b <= 'F';
  }

  private static String printable(String s) {
    return s.length() > 32 || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "(unprintable)" : s;
  }

  private KeyFileException fail(String message) {
    return new KeyFileException(source + ": " + message);
  }
}
