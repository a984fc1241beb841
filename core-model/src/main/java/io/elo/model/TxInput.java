package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A transaction input: the output it spends and its witness (signature scheme id, encoded public
 * key, signature).
 *
 * <p>The out-point goes into the txid; the witness does not (it goes into the wtxid only), so a
 * signature never signs itself and cannot change the txid. The codec treats the witness as opaque
 * bytes within the length bounds below; whether the scheme exists, the key decodes and the
 * signature verifies is checked by validation.
 *
 * @param outPoint the output spent
 * @param schemeId the {@code SignatureScheme} id of the key, or 0 in an unsigned input
 * @param publicKey the encoded public key, at most {@value #MAX_PUBLIC_KEY_LENGTH} bytes
 * @param signature the signature, at most {@value #MAX_SIGNATURE_LENGTH} bytes
 */
public record TxInput(OutPoint outPoint, byte schemeId, byte[] publicKey, byte[] signature) {
  /** Largest encoded public key accepted (an uncompressed secp256k1 key). */
  public static final int MAX_PUBLIC_KEY_LENGTH = 65;

  /** Largest signature accepted (a DER-encoded secp256k1 ECDSA signature). */
  public static final int MAX_SIGNATURE_LENGTH = 72;

  /** Smallest encoded witness: scheme id and two zero lengths. */
  static final int MIN_WITNESS_LENGTH = 3;

  private static final byte[] EMPTY = new byte[0];

  /**
   * Validates the lengths and copies the arrays.
   *
   * @throws IllegalArgumentException if the key or signature is too long
   */
  public TxInput {
    requireNonNull(outPoint, "outPoint");
    checkArgument(
        publicKey.length <= MAX_PUBLIC_KEY_LENGTH,
        "public key longer than %s bytes: %s",
        MAX_PUBLIC_KEY_LENGTH,
        publicKey.length);
    checkArgument(
        signature.length <= MAX_SIGNATURE_LENGTH,
        "signature longer than %s bytes: %s",
        MAX_SIGNATURE_LENGTH,
        signature.length);
    publicKey = publicKey.clone();
    signature = signature.clone();
  }

  /** Returns a signed input. */
  public static TxInput of(OutPoint outPoint, byte schemeId, byte[] publicKey, byte[] signature) {
    return new TxInput(outPoint, schemeId, publicKey, signature);
  }

  /** Returns an input with an empty witness (scheme 0, no key, no signature), to be signed. */
  public static TxInput unsigned(OutPoint outPoint) {
    return new TxInput(outPoint, (byte) 0, EMPTY, EMPTY);
  }

  /** Returns this input with the given witness; the out-point (and so the txid) is unchanged. */
  public TxInput withWitness(byte schemeId, byte[] publicKey, byte[] signature) {
    return new TxInput(outPoint, schemeId, publicKey, signature);
  }

  /** Returns a copy of the encoded public key. */
  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Returns a copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TxInput other
        && outPoint.equals(other.outPoint)
        && schemeId == other.schemeId
        && Arrays.equals(publicKey, other.publicKey)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    int result = outPoint.hashCode();
    result = 31 * result + schemeId;
    result = 31 * result + Arrays.hashCode(publicKey);
    return 31 * result + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "TxInput{"
        + outPoint
        + ", scheme="
        + (schemeId & 0xff)
        + ", publicKey="
        + hex.formatHex(publicKey)
        + ", signature="
        + hex.formatHex(signature)
        + "}";
  }

  /**
   * Returns the bytes an input adds to a transaction's encoding: its out-point and a witness with
   * a key of {@code publicKeyLength} and a signature of {@code signatureLength} bytes. Fee policies
   * price the spending of an output with it before the spending input exists.
   *
   * @throws IllegalArgumentException if a length is negative or above its maximum
   */
  public static int encodedSize(int publicKeyLength, int signatureLength) {
    checkArgument(
        publicKeyLength >= 0 && publicKeyLength <= MAX_PUBLIC_KEY_LENGTH,
        "public key length out of range: %s",
        publicKeyLength);
    checkArgument(
        signatureLength >= 0 && signatureLength <= MAX_SIGNATURE_LENGTH,
        "signature length out of range: %s",
        signatureLength);
    return OutPoint.ENCODED_LENGTH + witnessSize(publicKeyLength, signatureLength);
  }

  int witnessSize() {
    return witnessSize(publicKey.length, signature.length);
  }

  private static int witnessSize(int publicKeyLength, int signatureLength) {
    return 1
        + Writer.varintSize(publicKeyLength)
        + publicKeyLength
        + Writer.varintSize(signatureLength)
        + signatureLength;
  }

  void encodeWitnessTo(Writer writer) {
    writer.u8(schemeId).lengthPrefixed(publicKey).lengthPrefixed(signature);
  }

  /** Returns {@code this} with the witness read from {@code reader}. */
  TxInput withWitnessFrom(Reader reader) {
    byte scheme = (byte) reader.u8();
    byte[] key = reader.lengthPrefixed("public key", MAX_PUBLIC_KEY_LENGTH);
    byte[] sig = reader.lengthPrefixed("signature", MAX_SIGNATURE_LENGTH);
    return new TxInput(outPoint, scheme, key, sig);
  }
}
