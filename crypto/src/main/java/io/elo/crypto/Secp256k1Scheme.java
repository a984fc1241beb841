package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA over secp256k1 with SHA-256 of the message and deterministic RFC 6979 nonces.
 *
 * <p>Encodings are strict so that every signature and key has exactly one encoding: public keys are
 * 33-byte compressed points (prefix 0x02 or 0x03); private keys are 32-byte big-endian scalars in
 * [1, n-1]; signatures are 64 bytes {@code r || s}, each 32-byte big-endian, with r in [1, n-1] and
 * s in [1, n/2] (low S, as Bitcoin's BIP 62/146 policy). Signing normalises to low S; verification
 * rejects high S, which removes the (r, n-s) malleability.
 */
final class Secp256k1Scheme implements SignatureScheme {
  static final Secp256k1Scheme INSTANCE = new Secp256k1Scheme();

  static final byte ID = 2;
  private static final int PUBLIC_KEY_LENGTH = 33;
  private static final int SCALAR_LENGTH = 32;
  private static final int SIGNATURE_LENGTH = 2 * SCALAR_LENGTH;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  static final BigInteger N = CURVE.getN();
  static final BigInteger HALF_N = N.shiftRight(1);

  private Secp256k1Scheme() {}

  @Override
  public byte id() {
    return ID;
  }

  @Override
  public String name() {
    return "secp256k1";
  }

  @Override
  public int publicKeyLength() {
    return PUBLIC_KEY_LENGTH;
  }

  @Override
  public int maxSignatureLength() {
    return SIGNATURE_LENGTH;
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    checkNotNull(random);
    byte[] bytes = new byte[SCALAR_LENGTH];
    BigInteger d;
    do {
      random.nextBytes(bytes);
      d = new BigInteger(1, bytes);
    } while (d.signum() == 0 || d.compareTo(N) >= 0);
    return KeyPair.fromPrivateKey(privateKeyOf(bytes, d));
  }

  @Override
  public PublicKey decodePublicKey(byte[] encoded) {
    checkArgument(
        encoded.length == PUBLIC_KEY_LENGTH,
        "a secp256k1 public key is %s bytes (compressed), got %s",
        PUBLIC_KEY_LENGTH,
        encoded.length);
    checkArgument(
        encoded[0] == 0x02 || encoded[0] == 0x03,
        "a compressed secp256k1 key starts with 0x02 or 0x03, got 0x%s",
        Integer.toHexString(encoded[0] & 0xff));
    ECPoint point;
    try {
      // Fails for x >= p and for x with no point on the curve (no square root).
      point = DOMAIN.getCurve().decodePoint(encoded);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid secp256k1 public key", e);
    }
    return new PublicKey(this, encoded.clone(), new ECPublicKeyParameters(point, DOMAIN));
  }

  @Override
  public PrivateKey decodePrivateKey(byte[] encoded) {
    checkArgument(
        encoded.length == SCALAR_LENGTH,
        "a secp256k1 private key is %s bytes, got %s",
        SCALAR_LENGTH,
        encoded.length);
    BigInteger d = new BigInteger(1, encoded);
    checkArgument(d.signum() > 0 && d.compareTo(N) < 0, "secp256k1 private key out of range");
    return privateKeyOf(encoded.clone(), d);
  }

  private PrivateKey privateKeyOf(byte[] bytes, BigInteger d) {
    ECPoint point = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
    PublicKey publicKey =
        new PublicKey(this, point.getEncoded(true), new ECPublicKeyParameters(point, DOMAIN));
    return new PrivateKey(this, bytes, publicKey);
  }

  @Override
  public byte[] sign(PrivateKey key, byte[] message) {
    checkArgument(key.scheme() == this, "not a secp256k1 key: %s", key.scheme().name());
    checkNotNull(message);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, key.liveBytes()), DOMAIN));
    BigInteger[] rs = signer.generateSignature(Sha256.newDigest().digest(message));
    BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
    byte[] signature = new byte[SIGNATURE_LENGTH];
    writeScalar(rs[0], signature, 0);
    writeScalar(s, signature, SCALAR_LENGTH);
    return signature;
  }

  @Override
  public boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (key.scheme() != this || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, SCALAR_LENGTH));
    BigInteger s =
        new BigInteger(1, Arrays.copyOfRange(signature, SCALAR_LENGTH, SIGNATURE_LENGTH));
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(HALF_N) > 0) {
      return false;
    }
    try {
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, (ECPublicKeyParameters) key.decoded());
      return verifier.verifySignature(Sha256.newDigest().digest(message), r, s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void writeScalar(BigInteger value, byte[] target, int offset) {
    byte[] raw = value.toByteArray();
    // toByteArray may add a sign byte or be shorter than 32 bytes; right-align it.
    int length = Math.min(raw.length, SCALAR_LENGTH);
    System.arraycopy(raw, raw.length - length, target, offset + SCALAR_LENGTH - length, length);
  }

  @Override
  public String toString() {
    return name();
  }
}
