package io.elo.p2p;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A Noise {@code CipherState} for ChaChaPoly (Noise specification revision 34, sections 5.1 and
 * 12.3): a 32-byte key and a 64-bit counter nonce, encoded as 4 zero bytes then the counter in
 * little-endian. The nonce increments with every message and never repeats; the value 2^64 - 1 is
 * reserved (section 5.1), so a state that reaches it refuses further messages. {@link #rekey()}
 * is section 11.3's REKEY. Bouncy Castle's low-level cipher measured faster than the JDK's here
 * (docs/benchmarks.md, "Secure channel"). Not thread-safe: one per direction, one thread at a time.
 */
final class NoiseCipherState {
  /** Length of the authentication tag every encryption appends, in bytes. */
  static final int TAG_LENGTH = 16;
  /** Length of a key, in bytes. */
  static final int KEY_LENGTH = 32;

  private static final long MAX_NONCE = -1L; // 2^64 - 1, unsigned

  private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
  private final byte[] nonceBytes = new byte[12];
  private byte[] key;
  private KeyParameter keyParameter;
  private long nonce;

  /** {@code InitializeKey(k)}: installs a key (null for none) and resets the nonce to zero. */
  void initializeKey(byte[] newKey) {
    this.key = newKey == null ? null : Arrays.copyOf(newKey, KEY_LENGTH);
    this.keyParameter = key == null ? null : new KeyParameter(key);
    this.nonce = 0;
  }

  /** {@code HasKey()}. */
  boolean hasKey() {
    return key != null;
  }

  /** The next nonce (tests and diagnostics). */
  long nonce() {
    return nonce;
  }

  /** Sets the nonce ({@code SetNonce}); used only by tests that start from a given counter. */
  void setNonce(long value) {
    nonce = value;
  }

  /**
   * {@code EncryptWithAd(ad, plaintext)}: with a key, writes ciphertext and tag ({@code length +
   * 16} bytes) to {@code out} at {@code outOffset}; without one, copies the plaintext.
   *
   * @return the bytes written
   * @throws IllegalStateException if the nonce space is exhausted
   */
  int encrypt(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) {
    if (key == null) {
      System.arraycopy(in, offset, out, outOffset, length);
      return length;
    }
    begin(true, ad);
    int n = aead.processBytes(in, offset, length, out, outOffset);
    return finish(out, outOffset + n) + n;
  }

  /**
   * Starts an encryption whose plaintext arrives in pieces ({@link #update}), finished by {@link
   * #finishEncryption}; requires a key.
   */
  void beginEncryption() {
    begin(true, null);
  }

  /** Encrypts a piece of the current message; returns the bytes written. */
  int update(byte[] in, int offset, int length, byte[] out, int outOffset) {
    return aead.processBytes(in, offset, length, out, outOffset);
  }

  /** Ends the current piecewise encryption, writing what remains and the tag. */
  int finishEncryption(byte[] out, int outOffset) {
    return finish(out, outOffset);
  }

  /**
   * {@code DecryptWithAd(ad, ciphertext)}: with a key, checks the tag and writes {@code length -
   * 16} plaintext bytes; without one, copies.
   *
   * @return the plaintext length, or -1 if authentication failed (the nonce then does not
   *     advance, as section 5.1 requires, and the caller must give up the connection)
   */
  int decrypt(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) {
    if (key == null) {
      System.arraycopy(in, offset, out, outOffset, length);
      return length;
    }
    if (length < TAG_LENGTH || nonce == MAX_NONCE) {
      return -1;
    }
    aead.init(false, new AEADParameters(keyParameter, TAG_LENGTH * 8, nonceBytes(nonce), ad));
    try {
      int n = aead.processBytes(in, offset, length, out, outOffset);
      n += aead.doFinal(out, outOffset + n);
      nonce++;
      return n;
    } catch (InvalidCipherTextException e) {
      return -1;
    }
  }

  /**
   * {@code Rekey()} (section 11.3): the key becomes the first 32 bytes of encrypting 32 zero bytes
   * under nonce 2^64 - 1; the nonce counter is kept.
   */
  void rekey() {
    byte[] out = new byte[KEY_LENGTH + TAG_LENGTH];
    aead.init(true, new AEADParameters(keyParameter, TAG_LENGTH * 8, nonceBytes(MAX_NONCE), null));
    int n = aead.processBytes(new byte[KEY_LENGTH], 0, KEY_LENGTH, out, 0);
    try {
      aead.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
    long kept = nonce;
    initializeKey(Arrays.copyOf(out, KEY_LENGTH));
    nonce = kept;
  }

  /** Forgets the key. */
  void destroy() {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
    key = null;
    keyParameter = null;
  }

  private void begin(boolean encrypt, byte[] ad) {
    if (nonce == MAX_NONCE) {
      throw new IllegalStateException("nonce space exhausted");
    }
    aead.init(encrypt, new AEADParameters(keyParameter, TAG_LENGTH * 8, nonceBytes(nonce), ad));
  }

  private int finish(byte[] out, int outOffset) {
    try {
      int n = aead.doFinal(out, outOffset);
      nonce++;
      return n;
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
  }

  private byte[] nonceBytes(long n) {
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    return nonceBytes;
  }
}
