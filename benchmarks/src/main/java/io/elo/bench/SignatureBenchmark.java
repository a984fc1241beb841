package io.elo.bench;

import io.elo.crypto.PrivateKey;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sign and verify a 112-byte transaction signing message, through Elo's {@link SignatureScheme}
 * and through the raw Bouncy Castle calls it wraps (the baselines). The wrapper should cost under
 * 5%.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignatureBenchmark {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  private final byte[] message = new byte[112];

  private PrivateKey edPrivate;
  private PublicKey edPublic;
  private byte[] edSignature;
  private final byte[] edSecret = new byte[32];
  private final byte[] edPublicRaw = new byte[32];
  private Ed25519.PublicPoint edPoint;

  private PrivateKey ecPrivate;
  private PublicKey ecPublic;
  private byte[] ecSignature;
  private ECPrivateKeyParameters ecPrivateRaw;
  private ECPublicKeyParameters ecPublicRaw;
  private BigInteger[] ecSignatureRaw;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    new SplittableRandom(3).nextBytes(message);
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(4);

    SignatureScheme ed = SignatureSchemes.ED25519;
    edPrivate = ed.generateKeyPair(random).privateKey();
    edPublic = edPrivate.publicKey();
    edSignature = ed.sign(edPrivate, message);
    System.arraycopy(edPrivate.toBytes(), 0, edSecret, 0, 32);
    Ed25519.generatePublicKey(edSecret, 0, edPublicRaw, 0);
    edPoint = Ed25519.validatePublicKeyFullExport(edPublicRaw, 0);

    SignatureScheme ec = SignatureSchemes.SECP256K1;
    ecPrivate = ec.generateKeyPair(random).privateKey();
    ecPublic = ecPrivate.publicKey();
    ecSignature = ec.sign(ecPrivate, message);
    ecPrivateRaw = new ECPrivateKeyParameters(new BigInteger(1, ecPrivate.toBytes()), DOMAIN);
    ecPublicRaw = new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(ecPublic.toBytes()), DOMAIN);
    ecSignatureRaw = rawEcSign();
  }

  @Benchmark
  public byte[] ed25519SignElo() {
    return SignatureSchemes.ED25519.sign(edPrivate, message);
  }

  @Benchmark
  public byte[] ed25519SignRaw() {
    byte[] sig = new byte[64];
    Ed25519.sign(edSecret, 0, edPublicRaw, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  @Benchmark
  public boolean ed25519VerifyElo() {
    return SignatureSchemes.ED25519.verify(edPublic, message, edSignature);
  }

  /** Baseline with the decoded point reused, as Elo's {@link PublicKey} caches it. */
  @Benchmark
  public boolean ed25519VerifyRaw() {
    return Ed25519.verify(edSignature, 0, edPoint, message, 0, message.length);
  }

  /** Raw call decoding the 32-byte key each time: what a cache-less wrapper would pay. */
  @Benchmark
  public boolean ed25519VerifyRawUncachedKey() {
    return Ed25519.verify(edSignature, 0, edPublicRaw, 0, message, 0, message.length);
  }

  @Benchmark
  public byte[] secp256k1SignElo() {
    return SignatureSchemes.SECP256K1.sign(ecPrivate, message);
  }

  @Benchmark
  public BigInteger[] secp256k1SignRaw() {
    return rawEcSign();
  }

  @Benchmark
  public boolean secp256k1VerifyElo() {
    return SignatureSchemes.SECP256K1.verify(ecPublic, message, ecSignature);
  }

  @Benchmark
  public boolean secp256k1VerifyRaw() {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, ecPublicRaw);
    return verifier.verifySignature(sha256(message), ecSignatureRaw[0], ecSignatureRaw[1]);
  }

  private BigInteger[] rawEcSign() {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, ecPrivateRaw);
    BigInteger[] rs = signer.generateSignature(sha256(message));
    BigInteger halfN = DOMAIN.getN().shiftRight(1);
    if (rs[1].compareTo(halfN) > 0) {
      rs[1] = DOMAIN.getN().subtract(rs[1]);
    }
    return rs;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
