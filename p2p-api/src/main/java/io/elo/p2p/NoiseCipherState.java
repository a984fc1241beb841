package io.elo.p2p;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code CipherState} for ChaChaPoly (Noise specification revision 34, sections 5.1 and
 * 12.3): a 32-byte key and a 64-bit counter nonce, encoded as 4 zero bytes then the counter in
 * little-endian. The nonce increments with every message and never repeats; the value 2^64 - 1 is
 * reserved (section 5.1), so a state that reaches it refuses further messages. {@link #rekey()}
 * is section 11.3's REKEY. The JDK's ChaCha20-Poly1305 measured faster than Bouncy Castle's
 * low-level cipher here (docs/benchmarks.md, "Secure channel"). Not thread-safe: one per
 * direction, one thread at a time.
 */
final class NoiseCipherState {
  /** Length of the authentication tag every encryption appends, in bytes. */
  static final int TAG_LENGTH = 16;
  /** Length of a key, in bytes. */
  static final int KEY_LENGTH = 32;

  private static final long MAX_NONCE = -1L; // 2^64 - 1, unsigned

  private final Cipher cipher;
  private byte[] key;
  private SecretKeySpec keySpec;
  private long nonce;

  NoiseCipherState() {
    try {
      cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 11+ has ChaCha20-Poly1305", e);
    }
  }

  /** {@code InitializeKey(k)}: installs a key (null for none) and resets the nonce to zero. */
  void initializeKey(byte[] newKey) {
    this.key = newKey == null ? null : Arrays.copyOf(newKey, KEY_LENGTH);
    this.keySpec = key == null ? null : new SecretKeySpec(key, "ChaCha20");
    this.nonce = 0;
  }

  /** {@code HasKey()}. */
  boolean hasKey() {
    return key != null;
  }

  /** The next nonce. */
  long nonce() {
    return nonce;
  }

  /**
   * The key, for the transport's own decryption ({@link ChaChaPolyOpener}), which must neither keep
   * nor change it; null without a key.
   */
  byte[] key() {
    return key;
  }

  /** Whether the nonce space is used up: no further message can be accepted. */
  boolean nonceExhausted() {
    return nonce == MAX_NONCE;
  }

  /** Counts a message that authenticated under the current nonce (decrypted elsewhere). */
  void nonceUsed() {
    nonce++;
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
    checkNonce();
    begin(Cipher.ENCRYPT_MODE, nonce, ad);
    int n = update(in, offset, length, out, outOffset);
    return n + finishEncryption(out, outOffset + n);
  }

  /**
   * Starts an encryption whose plaintext arrives in pieces ({@link #update}), finished by {@link
   * #finishEncryption}; requires a key.
   */
  void beginEncryption() {
    checkNonce();
    begin(Cipher.ENCRYPT_MODE, nonce, null);
  }

  /** Encrypts a piece of the current message; returns the bytes written. */
  int update(byte[] in, int offset, int length, byte[] out, int outOffset) {
    try {
      return cipher.update(in, offset, length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("output buffer too small", e);
    }
  }

  /** Ends the current piecewise encryption, writing what remains and the tag. */
  int finishEncryption(byte[] out, int outOffset) {
    try {
      int n = cipher.doFinal(out, outOffset);
      nonce++;
      return n;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
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
    begin(Cipher.DECRYPT_MODE, nonce, ad);
    try {
      int n = cipher.doFinal(in, offset, length, out, outOffset);
      nonce++;
      return n;
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("decryption failed for a reason other than the tag", e);
    }
  }

  /**
   * {@code Rekey()} (section 11.3): the key becomes the first 32 bytes of encrypting 32 zero bytes
   * under nonce 2^64 - 1; the nonce counter is kept.
   */
  void rekey() {
    byte[] out = new byte[KEY_LENGTH + TAG_LENGTH];
    begin(Cipher.ENCRYPT_MODE, MAX_NONCE, null);
    try {
      cipher.doFinal(new byte[KEY_LENGTH], 0, KEY_LENGTH, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
    long kept = nonce;
    Arrays.fill(key, (byte) 0);
    initializeKey(Arrays.copyOf(out, KEY_LENGTH));
    Arrays.fill(out, (byte) 0);
    nonce = kept;
  }

  /** Forgets the key. */
  void destroy() {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
    key = null;
    keySpec = null;
  }

  private void checkNonce() {
    if (nonce == MAX_NONCE) {
      throw new IllegalStateException("nonce space exhausted");
    }
  }

  /** Initialises the cipher for one message under nonce {@code n} (2^64 - 1 only for REKEY). */
  private void begin(int mode, long n, byte[] ad) {
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (n >>> (8 * i));
    }
    try {
      cipher.init(mode, keySpec, new IvParameterSpec(iv));
      if (ad != null) {
        cipher.updateAAD(ad);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 refused a 32-byte key", e);
    }
  }
}
