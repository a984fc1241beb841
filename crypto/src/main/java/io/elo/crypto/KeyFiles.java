package io.elo.crypto;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Reads and writes private key files in Elo's text format (docs/key-file.md).
 *
 * <p>A file is four LF-terminated ASCII lines, in this order:
 *
 * <pre>
 * elo-private-key v1
 * scheme &lt;name&gt;
 * private &lt;lower-case hex of PrivateKey.toBytes()&gt;
 * public &lt;lower-case hex of PublicKey.toBytes()&gt;
 * </pre>
 *
 * <p>The public line lets a reader detect a corrupted or hand-edited file: it must match the key
 * derived from the private line. Files are written atomically (temporary file in the same
 * directory, fsync, rename, fsync of the directory) with permissions {@code rw-------} where the
 * file system is POSIX. Key material is handled as bytes and wiped after use, never as strings.
 */
public final class KeyFiles {
  /** First line of every key file; the version changes if the format does. */
  public static final String HEADER = "elo-private-key v1";

  private static final int MAX_FILE_SIZE = 4096;
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private KeyFiles() {}

  /**
   * Writes {@code key} to {@code file} atomically, replacing any existing file.
   *
   * @throws IllegalStateException if the key has been destroyed
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, PrivateKey key) throws IOException {
    checkNotNull(file);
    byte[] content = encode(key);
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temp =
        Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp", ownerOnly(directory));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(directory);
    } finally {
      Arrays.fill(content, (byte) 0);
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Reads a private key written by {@link #write}.
   *
   * @throws KeyFileException if the file is not a valid key file (wrong header, unknown scheme, bad
   *     hex, invalid key, public key not matching the private key)
   * @throws IOException if the file cannot be read
   */
  public static PrivateKey read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_SIZE) {
      throw new KeyFileException(file + ": too large for a key file");
    }
    byte[] content = Files.readAllBytes(file);
    try {
      return KeyFileParser.parse(content, file.toString());
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  static byte[] encode(PrivateKey key) {
    byte[] privateBytes = key.toBytes();
    byte[] publicBytes = key.publicKey().bytes();
    byte[] head =
        (HEADER + "\nscheme " + key.scheme().name() + "\nprivate ")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] middle = "\npublic ".getBytes(StandardCharsets.US_ASCII);
    int length = head.length + 2 * privateBytes.length + middle.length + 2 * publicBytes.length + 1;
    byte[] out = new byte[length];
    int pos = 0;
    System.arraycopy(head, 0, out, pos, head.length);
    pos = writeHex(privateBytes, out, pos + head.length);
    System.arraycopy(middle, 0, out, pos, middle.length);
    pos = writeHex(publicBytes, out, pos + middle.length);
    out[pos] = '\n';
    Arrays.fill(privateBytes, (byte) 0);
    return out;
  }

  private static int writeHex(byte[] data, byte[] out, int pos) {
    for (byte b : data) {
      out[pos++] = HEX_DIGITS[(b >> 4) & 0xf];
      out[pos++] = HEX_DIGITS[b & 0xf];
    }
    return pos;
  }

  private static FileAttribute<?>[] ownerOnly(Path directory) {
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  /** Makes the rename durable; not every platform can open a directory, so failure is ignored. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the file itself is already synced.
    }
  }
}
