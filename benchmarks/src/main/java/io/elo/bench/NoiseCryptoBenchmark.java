package io.elo.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chooses the secure channel's crypto provider: ChaCha20-Poly1305 seal and X25519 agreement from
 * Bouncy Castle's low-level classes against the JDK 17 providers ({@code javax.crypto}), in one
 * run. Each seal uses a fresh nonce as the Noise transport does; the JDK cipher must be
 * re-initialised for that, which is part of its real cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoiseCryptoBenchmark {
  @Param({"64", "1024", "65519"})
  int size;

  private final byte[] key = new byte[32];
  private byte[] plaintext;
  private byte[] out;
  private long nonce;
  private ChaCha20Poly1305 bc;
  private KeyParameter bcKey;
  private Cipher jdk;
  private SecretKeySpec jdkKey;

  private final byte[] bcPrivate = new byte[32];
  private final byte[] bcPeerPublic = new byte[32];
  private final byte[] bcShared = new byte[32];
  private KeyAgreement jdkAgreement;
  private KeyPair jdkPair;
  private PublicKey jdkPeer;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom(new byte[] {1});
    random.nextBytes(key);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    out = new byte[size + 16];
    bc = new ChaCha20Poly1305();
    bcKey = new KeyParameter(key);
    jdk = Cipher.getInstance("ChaCha20-Poly1305");
    jdkKey = new SecretKeySpec(key, "ChaCha20");

    random.nextBytes(bcPrivate);
    byte[] peerPrivate = new byte[32];
    random.nextBytes(peerPrivate);
    X25519.scalarMultBase(peerPrivate, 0, bcPeerPublic, 0);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
    generator.initialize(NamedParameterSpec.X25519, random);
    jdkPair = generator.generateKeyPair();
    byte[] reversed = bcPeerPublic.clone();
    for (int i = 0; i < 16; i++) {
      byte t = reversed[i];
      reversed[i] = reversed[31 - i];
      reversed[31 - i] = t;
    }
    jdkPeer =
        KeyFactory.getInstance("XDH")
            .generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, reversed)));
    jdkAgreement = KeyAgreement.getInstance("XDH");
  }

  private byte[] nextNonce() {
    byte[] n = new byte[12];
    long v = nonce++;
    for (int i = 0; i < 8; i++) {
      n[4 + i] = (byte) (v >>> (8 * i));
    }
    return n;
  }

  /** Bouncy Castle {@code ChaCha20Poly1305}: one seal of {@code size} bytes. */
  @Benchmark
  public byte[] sealBouncyCastle() throws Exception {
    bc.init(true, new AEADParameters(bcKey, 128, nextNonce(), null));
    int n = bc.processBytes(plaintext, 0, plaintext.length, out, 0);
    bc.doFinal(out, n);
    return out;
  }

  /** JDK {@code Cipher("ChaCha20-Poly1305")}: one seal of {@code size} bytes. */
  @Benchmark
  public byte[] sealJdk() throws Exception {
    jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nextNonce()));
    jdk.doFinal(plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /** Bouncy Castle {@code X25519}: one Diffie-Hellman (size ignored). */
  @Benchmark
  public byte[] x25519BouncyCastle() {
    X25519.calculateAgreement(bcPrivate, 0, bcPeerPublic, 0, bcShared, 0);
    return bcShared;
  }

  /** JDK {@code KeyAgreement("XDH")}: one Diffie-Hellman (size ignored). */
  @Benchmark
  public byte[] x25519Jdk() throws Exception {
    jdkAgreement.init(jdkPair.getPrivate());
    jdkAgreement.doPhase(jdkPeer, true);
    return jdkAgreement.generateSecret();
  }
}
