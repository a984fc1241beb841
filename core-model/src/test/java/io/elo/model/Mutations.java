package io.elo.model;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level mutations of valid encodings: flip a bit, overwrite, insert or delete a byte, truncate
 * or extend. Most mutants no longer decode; those that still do exercise the canonical encoding
 * property far from the happy path.
 */
public final class Mutations {
  private Mutations() {}

  /** Returns encodings from {@code valid} with one to three random mutations applied. */
  public static Arbitrary<byte[]> mutantsOf(Arbitrary<byte[]> valid) {
    return Combinators.combine(valid, Arbitraries.randoms(), Arbitraries.integers().between(1, 3))
        .as(Mutations::mutate);
  }

  /** Applies {@code count} random mutations to a copy of {@code bytes}. */
  public static byte[] mutate(byte[] bytes, Random random, int count) {
    byte[] result = bytes.clone();
    for (int i = 0; i < count; i++) {
      result = mutateOnce(result, random);
    }
    return result;
  }

  private static byte[] mutateOnce(byte[] bytes, Random random) {
    int length = bytes.length;
    int at = length == 0 ? 0 : random.nextInt(length);
    switch (random.nextInt(6)) {
      case 0:
        if (length > 0) {
          bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      case 1:
        if (length > 0) {
          bytes[at] = (byte) random.nextInt(256);
        }
        return bytes;
      case 2:
        {
          byte[] inserted = new byte[length + 1];
          int pos = random.nextInt(length + 1);
          System.arraycopy(bytes, 0, inserted, 0, pos);
          inserted[pos] = (byte) random.nextInt(256);
          System.arraycopy(bytes, pos, inserted, pos + 1, length - pos);
          return inserted;
        }
      case 3:
        {
          if (length == 0) {
            return bytes;
          }
          byte[] deleted = new byte[length - 1];
          System.arraycopy(bytes, 0, deleted, 0, at);
          System.arraycopy(bytes, at + 1, deleted, at, length - at - 1);
          return deleted;
        }
      case 4:
        return java.util.Arrays.copyOf(bytes, length == 0 ? 0 : random.nextInt(length));
      default:
        byte[] extended = java.util.Arrays.copyOf(bytes, length + 1 + random.nextInt(4));
        for (int i = length; i < extended.length; i++) {
          extended[i] = (byte) random.nextInt(256);
        }
        return extended;
    }
  }
}
