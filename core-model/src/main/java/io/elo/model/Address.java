package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.PublicKey;
import java.util.Optional;

/**
 * Where an output pays: the 32-byte public-key hash {@code sha256d(scheme id || encoded key)}.
 *
 * <p>Its text form is Bech32m (BIP-350): a human-readable part naming the network ({@value
 * #DEFAULT_HRP} by default; other networks use others, such as {@code elot}), the separator {@code
 * 1}, the 32 bytes as 52 five-bit groups, and a 6-character checksum, for example {@code elo1...}
 * (62 characters). The checksum detects any single-character error.
 *
 * @param hash the public-key hash
 */
public record Address(Hash hash) {
  /** The human-readable part of main-network addresses. */
  public static final String DEFAULT_HRP = "elo";

  /** Validates the field. */
  public Address {
    requireNonNull(hash, "hash");
  }

  /** Returns the address with public-key hash {@code hash}. */
  public static Address of(Hash hash) {
    return new Address(hash);
  }

  /** Returns the address of {@code key}: {@code sha256d(scheme id || key.toBytes())}. */
  public static Address fromPublicKey(PublicKey key) {
    return fromEncodedPublicKey(key.scheme().id(), key.toBytes());
  }

  /**
   * Returns the address of an encoded public key of scheme {@code schemeId}, without decoding the
   * key; validation uses it to match an input's witness against the output it spends.
   */
  public static Address fromEncodedPublicKey(byte schemeId, byte[] encodedKey) {
    byte[] preimage = new byte[1 + encodedKey.length];
    preimage[0] = schemeId;
    System.arraycopy(encodedKey, 0, preimage, 1, encodedKey.length);
    return new Address(Hash.sha256d(preimage));
  }

  /**
   * Parses a Bech32m address with the default human-readable part {@value #DEFAULT_HRP}.
   *
   * @throws IllegalArgumentException if {@code text} is not such an address
   */
  public static Address parse(String text) {
    return parse(text, DEFAULT_HRP);
  }

  /**
   * Parses a Bech32m address whose human-readable part must be {@code expectedHrp}.
   *
   * @throws IllegalArgumentException if {@code text} is not a valid address for that part
   */
  public static Address parse(String text, String expectedHrp) {
    return tryParse(text, expectedHrp)
        .orElseThrow(
            () -> new IllegalArgumentException("not an '" + expectedHrp + "' address: " + text));
  }

  /** Like {@link #parse(String)}, but returns empty instead of throwing. */
  public static Optional<Address> tryParse(String text) {
    return tryParse(text, DEFAULT_HRP);
  }

  /** Like {@link #parse(String, String)}, but returns empty instead of throwing. */
  public static Optional<Address> tryParse(String text, String expectedHrp) {
    checkHrp(expectedHrp);
    return Bech32m.decode(text)
        .filter(decoded -> decoded.hrp().equals(expectedHrp))
        .flatMap(decoded -> Bech32m.convertBits(decoded.data(), 5, 8, false))
        .filter(bytes -> bytes.length == Hash.LENGTH)
        .map(bytes -> new Address(Hash.fromBytes(bytes)));
  }

  /** Returns the Bech32m text with the default human-readable part {@value #DEFAULT_HRP}. */
  public String toText() {
    return toText(DEFAULT_HRP);
  }

  /**
   * Returns the Bech32m text with human-readable part {@code hrp}.
   *
   * @throws IllegalArgumentException if {@code hrp} is empty, longer than 31 characters (the text
   *     would exceed Bech32's 90), or has characters outside ASCII 33..126 or upper-case letters
   */
  public String toText(String hrp) {
    checkHrp(hrp);
    return Bech32m.encode(hrp, Bech32m.convertBits(hash.toBytes(), 8, 5, true).orElseThrow());
  }

  /** Returns {@link #toText()}. */
  @Override
  public String toString() {
    return toText();
  }

  private static void checkHrp(String hrp) {
    checkArgument(Bech32m.isValidHrp(hrp), "invalid human-readable part: %s", hrp);
  }
}
