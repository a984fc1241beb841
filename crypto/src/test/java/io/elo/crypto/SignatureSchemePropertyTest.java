package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SignatureSchemePropertyTest {
  private static final KeyPair ED = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom());
  private static final KeyPair K1 = SignatureSchemes.SECP256K1.generateKeyPair(new SecureRandom());

  @Provide
  Arbitrary<byte[]> signatures() {
    // Random lengths, plus many of exactly the scheme's length so the curve code runs.
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        Arbitraries.bytes().array(byte[].class).ofSize(64));
  }

  @Property(tries = 1000)
  void ed25519Verify_neverThrowsForGarbage(
      @ForAll("signatures") byte[] signature, @ForAll byte[] message) {
    assertFalse(SignatureSchemes.ED25519.verify(ED.publicKey(), message, signature));
  }

  @Property(tries = 1000)
  void secp256k1Verify_neverThrowsForGarbage(
      @ForAll("signatures") byte[] signature, @ForAll byte[] message) {
    assertFalse(SignatureSchemes.SECP256K1.verify(K1.publicKey(), message, signature));
  }

  @Property(tries = 10000)
  void ed25519DecodePublicKey_throwsOnlyIllegalArgument(@ForAll byte[] encoded) {
    decodeOrReject(SignatureSchemes.ED25519, encoded);
  }

  @Property(tries = 10000)
  void secp256k1DecodePublicKey_throwsOnlyIllegalArgument(@ForAll byte[] encoded) {
    decodeOrReject(SignatureSchemes.SECP256K1, encoded);
  }

  private static void decodeOrReject(SignatureScheme scheme, byte[] encoded) {
    try {
      PublicKey key = scheme.decodePublicKey(encoded);
      assertFalse(!java.util.Arrays.equals(encoded, key.toBytes()), "decoded keys re-encode");
    } catch (IllegalArgumentException expected) {
      // rejected: fine
    }
  }
}
