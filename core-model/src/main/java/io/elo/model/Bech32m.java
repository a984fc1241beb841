package io.elo.model;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The Bech32m checksummed base-32 text format of BIP-350 (generic part: human-readable part,
 * separator {@code 1}, 5-bit data, 6-character checksum). Package-private: {@link Address} is the
 * public face.
 */
final class Bech32m {
  /** Longest string BIP-173/350 allow. */
  static final int MAX_LENGTH = 90;

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int CHECKSUM_CONSTANT = 0x2bc830a3;
  private static final int CHECKSUM_LENGTH = 6;
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };
  private static final byte[] CHARSET_REV = new byte[128];

  static {
    Arrays.fill(CHARSET_REV, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      CHARSET_REV[CHARSET.charAt(i)] = (byte) i;
    }
  }

  /** A decoded string: the lower-case human-readable part and the 5-bit data groups. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32m() {}

  /** Returns whether {@code hrp} is a valid lower-case human-readable part. */
  static boolean isValidHrp(String hrp) {
    if (hrp.isEmpty() || hrp.length() > MAX_LENGTH - 1 - CHECKSUM_LENGTH) {
      return false;
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** Encodes 5-bit groups under a lower-case human-readable part. */
  static String encode(String hrp, byte[] data) {
    if (!isValidHrp(hrp) || hrp.length() + 1 + data.length + CHECKSUM_LENGTH > MAX_LENGTH) {
      throw new IllegalArgumentException("invalid human-readable part or too long: " + hrp);
    }
    int checksum = polymod(hrp, data, new byte[CHECKSUM_LENGTH]) ^ CHECKSUM_CONSTANT;
    StringBuilder text = new StringBuilder(hrp.length() + 1 + data.length + CHECKSUM_LENGTH);
    text.append(hrp).append('1');
    for (byte group : data) {
      text.append(CHARSET.charAt(group));
    }
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      text.append(CHARSET.charAt((checksum >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31));
    }
    return text.toString();
  }

  /** Decodes a Bech32m string, or returns empty if it is not valid Bech32m. */
  static Optional<Decoded> decode(String text) {
    if (text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 33 || c > 126) {
        return Optional.empty();
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) {
      return Optional.empty();
    }
    String s = text.toLowerCase(Locale.ROOT);
    int separator = s.lastIndexOf('1');
    if (separator < 1 || s.length() - separator - 1 < CHECKSUM_LENGTH) {
      return Optional.empty();
    }
    String hrp = s.substring(0, separator);
    int dataLength = s.length() - separator - 1 - CHECKSUM_LENGTH;
    byte[] data = new byte[dataLength];
    byte[] checksum = new byte[CHECKSUM_LENGTH];
    for (int i = separator + 1; i < s.length(); i++) {
      byte value = CHARSET_REV[s.charAt(i)];
      if (value < 0) {
        return Optional.empty();
      }
      int index = i - separator - 1;
      if (index < dataLength) {
        data[index] = value;
      } else {
        checksum[index - dataLength] = value;
      }
    }
    if (polymod(hrp, data, checksum) != CHECKSUM_CONSTANT) {
      return Optional.empty();
    }
    return Optional.of(new Decoded(hrp, data));
  }

  /** Regroups bits: 8 to 5 with zero padding, or 5 to 8 rejecting non-zero or excess padding. */
  static Optional<byte[]> convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
    int accumulator = 0;
    int bits = 0;
    int maxValue = (1 << toBits) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
    for (byte b : in) {
      int value = b & 0xff;
      if (value >>> fromBits != 0) {
        return Optional.empty();
      }
      accumulator = (accumulator << fromBits) | value;
      bits += fromBits;
      while (bits >= toBits) {
        bits -= toBits;
        out.write((accumulator >>> bits) & maxValue);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((accumulator << (toBits - bits)) & maxValue);
      }
    } else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0) {
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }

  private static int polymod(String hrp, byte[] data, byte[] checksum) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >>> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    for (byte value : data) {
      chk = step(chk, value);
    }
    for (byte value : checksum) {
      chk = step(chk, value);
    }
    return chk;
  }

  private static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = (chk & 0x1ffffff) << 5 ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }
}
