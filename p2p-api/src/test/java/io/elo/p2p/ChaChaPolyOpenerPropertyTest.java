package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The streaming opener agrees with the JDK's ChaCha20-Poly1305 on every message, whatever the
 * pieces it is fed in and whatever buffer holds the ciphertext, and refuses any changed bit.
 */
class ChaChaPolyOpenerPropertyTest {
  @Property(tries = 3000)
  void opensWhatTheJdkSeals_inAnyPieces_fromAnyBuffer(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2000) int length,
      @ForAll @IntRange(min = 1, max = 300) int maxPiece,
      @ForAll @IntRange(min = 0, max = 2) int kind)
      throws Exception {
    Random random = new Random(seed);
    byte[] key = new byte[32];
    random.nextBytes(key);
    long nonce = random.nextLong() & Long.MAX_VALUE;
    byte[] plain = new byte[length];
    random.nextBytes(plain);
    byte[] sealed = seal(key, nonce, plain);

    ByteBuffer in = buffer(sealed, kind);
    byte[] out = new byte[length + 5];
    ChaChaPolyOpener opener = new ChaChaPolyOpener();
    opener.begin(key, nonce);
    for (int pos = 0; pos < length; ) {
      int n = Math.min(length - pos, 1 + random.nextInt(maxPiece));
      opener.open(in, 3 + pos, n, out, 2 + pos);
      pos += n;
    }

    assertTrue(opener.verify(Arrays.copyOfRange(sealed, length, sealed.length)));
    assertArrayEquals(plain, Arrays.copyOfRange(out, 2, 2 + length));
  }

  @Property(tries = 3000)
  void anyFlippedBit_failsVerification(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 300) int length,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
      @ForAll boolean skipInsteadOfOpen)
      throws Exception {
    Random random = new Random(seed);
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] plain = new byte[length];
    random.nextBytes(plain);
    byte[] sealed = seal(key, 7, plain);
    int bit = where % (sealed.length * 8);
    sealed[bit / 8] ^= (byte) (1 << (bit % 8));

    ChaChaPolyOpener opener = new ChaChaPolyOpener();
    opener.begin(key, 7);
    ByteBuffer in = buffer(sealed, 1);
    if (skipInsteadOfOpen) {
      opener.skip(in, 3, length);
    } else {
      opener.open(in, 3, length, new byte[length], 0);
    }

    assertFalse(opener.verify(Arrays.copyOfRange(sealed, length, sealed.length)));
  }

  @Property(tries = 200)
  void anotherNonceOrKey_failsVerification(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] plain = new byte[random.nextInt(200)];
    byte[] sealed = seal(key, 5, plain);
    byte[] tag = Arrays.copyOfRange(sealed, plain.length, sealed.length);
    ChaChaPolyOpener opener = new ChaChaPolyOpener();

    opener.begin(key, 6);
    opener.skip(buffer(sealed, 0), 3, plain.length);
    assertFalse(opener.verify(tag));
    key[random.nextInt(32)] ^= 1;
    opener.begin(key, 5);
    opener.skip(buffer(sealed, 0), 3, plain.length);
    assertFalse(opener.verify(tag));
  }

  /** What Noise's ChaChaPoly sends: the JDK cipher under (4 zero bytes, counter LE). */
  private static byte[] seal(byte[] key, long nonce, byte[] plain) throws Exception {
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (nonce >>> (8 * i));
    }
    Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
    return cipher.doFinal(plain);
  }

  /** {@code bytes} at index 3 of a heap, direct or read-only buffer, little-endian. */
  private static ByteBuffer buffer(byte[] bytes, int kind) {
    ByteBuffer buffer =
        kind == 1 ? ByteBuffer.allocateDirect(bytes.length + 6) : ByteBuffer.allocate(bytes.length + 6);
    buffer.put(3, bytes);
    if (kind == 2) {
      buffer = buffer.asReadOnlyBuffer();
    }
    return buffer.order(ByteOrder.LITTLE_ENDIAN);
  }
}
