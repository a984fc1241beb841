package io.elo.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Encodings that never change, kept by the values decoded from them: either a private array
 * (wrapped in a buffer that never leaves this package) or a read-only view whose maker promises
 * that nobody writes the bytes behind it (the p2p layer's payloads are such views: a delivered
 * frame is never written or reused). Values keep their encoding as {@code (buffer, offset,
 * length)} and hand out only read-only views or copies.
 */
final class Encoding {
  private Encoding() {}

  /**
   * Returns the remaining bytes of {@code bytes} as a buffer to keep, indexed from 0: the same
   * bytes if {@code bytes} is read-only (no copy), else a private copy. The position of {@code
   * bytes} is unchanged.
   */
  static ByteBuffer adopt(ByteBuffer bytes) {
    if (bytes.isReadOnly()) {
      return bytes.slice();
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(bytes.position(), copy);
    return ByteBuffer.wrap(copy);
  }

  /** A read-only view of {@code length} bytes of {@code source} from {@code offset}. */
  static ByteBuffer view(ByteBuffer source, int offset, int length) {
    return source.slice(offset, length).asReadOnlyBuffer();
  }

  /** A copy of {@code length} bytes of {@code source} from {@code offset}. */
  static byte[] copy(ByteBuffer source, int offset, int length) {
    byte[] out = new byte[length];
    source.get(offset, out);
    return out;
  }

  /** Whether two ranges hold the same bytes. */
  static boolean equal(ByteBuffer a, int aOffset, ByteBuffer b, int bOffset, int length) {
    return a.slice(aOffset, length).equals(b.slice(bOffset, length));
  }

  /**
   * An immutable list of the first {@code n} elements of {@code elements}, which the caller gives
   * up; no copy for the lists decoding builds (the common one and two elements take no array).
   */
  @SuppressWarnings("unchecked")
  static <T> List<T> listOf(Object[] elements, int n) {
    return switch (n) {
      case 0 -> List.of();
      case 1 -> List.of((T) elements[0]);
      case 2 -> List.of((T) elements[0], (T) elements[1]);
      default -> (List<T>) Collections.unmodifiableList(Arrays.asList(elements));
    };
  }
}
