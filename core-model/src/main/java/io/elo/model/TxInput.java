package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
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
 * <p>An immutable value. A decoded input keeps its key and signature as ranges of its
 * transaction's encoding (no copy); the accessors return copies. Equal when out-point, scheme id,
 * key and signature are equal.
 */
public final class TxInput {
  /** Largest encoded public key accepted (an uncompressed secp256k1 key). */
  public static final int MAX_PUBLIC_KEY_LENGTH = 65;

  /** Largest signature accepted (a DER-encoded secp256k1 ECDSA signature). */
  public static final int MAX_SIGNATURE_LENGTH = 72;

  /** Smallest encoded witness: scheme id and two zero lengths. */
  static final int MIN_WITNESS_LENGTH = 3;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final OutPoint outPoint;
  private final byte schemeId;
  // The key at [keyOffset, keyOffset + keyLength) of witness, the signature right after the key
  // or wherever sigOffset says; witness never changes (see Encoding).
  private final ByteBuffer witness;
  private final int keyOffset;
  private final int keyLength;
  private final int sigOffset;
  private final int sigLength;

  private TxInput(
      OutPoint outPoint,
      byte schemeId,
      ByteBuffer witness,
      int keyOffset,
      int keyLength,
      int sigOffset,
      int sigLength) {
    this.outPoint = requireNonNull(outPoint, "outPoint");
    this.schemeId = schemeId;
    this.witness = witness;
    this.keyOffset = keyOffset;
    this.keyLength = keyLength;
    this.sigOffset = sigOffset;
    this.sigLength = sigLength;
  }

  /**
   * Returns a signed input; the key and signature are copied.
   *
   * @throws IllegalArgumentException if the key or signature is too long
   */
  public static TxInput of(OutPoint outPoint, byte schemeId, byte[] publicKey, byte[] signature) {
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
    byte[] both = new byte[publicKey.length + signature.length];
    System.arraycopy(publicKey, 0, both, 0, publicKey.length);
    System.arraycopy(signature, 0, both, publicKey.length, signature.length);
    return new TxInput(
        outPoint,
        schemeId,
        ByteBuffer.wrap(both),
        0,
        publicKey.length,
        publicKey.length,
        signature.length);
  }

  /** Returns an input with an empty witness (scheme 0, no key, no signature), to be signed. */
  public static TxInput unsigned(OutPoint outPoint) {
    return new TxInput(outPoint, (byte) 0, EMPTY, 0, 0, 0, 0);
  }

  /** Returns this input with the given witness; the out-point (and so the txid) is unchanged. */
  public TxInput withWitness(byte schemeId, byte[] publicKey, byte[] signature) {
    return of(outPoint, schemeId, publicKey, signature);
  }

  /** Returns the output spent. */
  public OutPoint outPoint() {
    return outPoint;
  }

  /** Returns the {@code SignatureScheme} id of the key, or 0 in an unsigned input. */
  public byte schemeId() {
    return schemeId;
  }

  /** Returns a copy of the encoded public key, at most {@value #MAX_PUBLIC_KEY_LENGTH} bytes. */
  public byte[] publicKey() {
    return Encoding.copy(witness, keyOffset, keyLength);
  }

  /** Returns a copy of the signature, at most {@value #MAX_SIGNATURE_LENGTH} bytes. */
  public byte[] signature() {
    return Encoding.copy(witness, sigOffset, sigLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TxInput other
        && outPoint.equals(other.outPoint)
        && schemeId == other.schemeId
        && keyLength == other.keyLength
        && sigLength == other.sigLength
        && Encoding.equal(witness, keyOffset, other.witness, other.keyOffset, keyLength)
        && Encoding.equal(witness, sigOffset, other.witness, other.sigOffset, sigLength);
  }

  @Override
  public int hashCode() {
    int result = outPoint.hashCode();
    result = 31 * result + schemeId;
    result = 31 * result + Encoding.view(witness, keyOffset, keyLength).hashCode();
    return 31 * result + Encoding.view(witness, sigOffset, sigLength).hashCode();
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "TxInput{"
        + outPoint
        + ", scheme="
        + (schemeId & 0xff)
        + ", publicKey="
        + hex.formatHex(publicKey())
        + ", signature="
        + hex.formatHex(signature())
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
    return witnessSize(keyLength, sigLength);
  }

  private static int witnessSize(int publicKeyLength, int signatureLength) {
    return 1
        + Writer.varintSize(publicKeyLength)
        + publicKeyLength
        + Writer.varintSize(signatureLength)
        + signatureLength;
  }

  void encodeWitnessTo(Writer writer) {
    writer
        .u8(schemeId)
        .varint(keyLength)
        .bytes(witness, keyOffset, keyLength)
        .varint(sigLength)
        .bytes(witness, sigOffset, sigLength);
  }

  /**
   * Returns {@code this} with the witness read from {@code reader}; key and signature stay in the
   * reader's input, which never changes.
   */
  TxInput withWitnessFrom(Reader reader) {
    return decodeWitness(outPoint, reader);
  }

  /** Returns the input spending {@code outPoint} with the witness read from {@code reader}. */
  static TxInput decodeWitness(OutPoint outPoint, Reader reader) {
    byte scheme = (byte) reader.u8();
    int keyLen = reader.length("public key", MAX_PUBLIC_KEY_LENGTH);
    int keyAt = reader.position();
    reader.skip(keyLen);
    int sigLen = reader.length("signature", MAX_SIGNATURE_LENGTH);
    int sigAt = reader.position();
    reader.skip(sigLen);
    return new TxInput(outPoint, scheme, reader.data(), keyAt, keyLen, sigAt, sigLen);
  }
}
