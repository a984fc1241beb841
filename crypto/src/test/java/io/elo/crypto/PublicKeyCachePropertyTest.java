package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A key cache never changes which keys are valid: over any sequence of valid keys, near misses
 * (one bit flipped), small-order and non-canonical points, random bytes and wrong lengths, decoded
 * under either scheme through a cache small enough to evict, every answer equals the scheme's own
 * full decode, invalid encodings included however often they follow a valid one.
 */
class PublicKeyCachePropertyTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Ed25519 encodings no valid key has: small-order points and non-canonical y, both signs. */
  private static final List<byte[]> ED25519_TRAPS =
      List.of(
          HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000"),
          HEX.parseHex("0000000000000000000000000000000000000000000000000000000000000000"),
          HEX.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          HEX.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
          HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          HEX.parseHex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
          HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080"));

  /** How to make one encoding: a kind, the scheme it is made for, a seed and a bit to flip. */
  record Recipe(int kind, boolean secp256k1, byte[] seed, int bit) {
    SignatureScheme scheme() {
      return secp256k1 ? SignatureSchemes.SECP256K1 : SignatureSchemes.ED25519;
    }

    byte[] encoding() {
      SignatureScheme scheme = scheme();
      return switch (kind) {
        case 0 -> validKey(scheme, seed);
        case 1 -> flipped(validKey(scheme, seed), bit);
        case 2 -> ED25519_TRAPS.get(Math.floorMod(bit, ED25519_TRAPS.size())).clone();
        case 3 -> Arrays.copyOf(seed, scheme.publicKeyLength());
        default -> Arrays.copyOf(seed, Math.floorMod(bit, 40));
      };
    }

    private static byte[] flipped(byte[] encoded, int bit) {
      int at = Math.floorMod(bit, encoded.length * 8);
      encoded[at / 8] ^= (byte) (1 << (at % 8));
      return encoded;
    }
  }

  private static byte[] validKey(SignatureScheme scheme, byte[] seed) {
    byte[] secret = Arrays.copyOf(seed, 32);
    secret[0] &= 0x7f; // below secp256k1's order
    secret[31] |= 1; // not zero
    return scheme.decodePrivateKey(secret).publicKey().toBytes();
  }

  @Provide
  Arbitrary<List<Recipe>> recipes() {
    Arbitrary<Recipe> recipe =
        Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.of(false, true),
                Arbitraries.bytes().array(byte[].class).ofSize(40),
                Arbitraries.integers())
            .as(Recipe::new);
    return recipe.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 300)
  void decode_answersExactlyAsTheSchemeDoes(@ForAll("recipes") List<Recipe> recipes) {
    List<byte[]> encodings = new ArrayList<>();
    for (Recipe recipe : recipes) {
      encodings.add(recipe.encoding());
    }
    // Small enough to evict; every encoding twice under both schemes, so a cached key is asked
    // for under the other scheme and invalid encodings follow valid ones.
    PublicKeyCache cache = new PublicKeyCache(3);
    for (int round = 0; round < 2; round++) {
      for (byte[] encoded : encodings) {
        for (SignatureScheme scheme : SignatureSchemes.all()) {
          assertEquals(
              outcome(() -> scheme.decodePublicKey(encoded)),
              outcome(() -> cache.decode(scheme, encoded)),
              scheme.name() + " " + HEX.formatHex(encoded));
        }
      }
    }
  }

  private interface Decode {
    PublicKey run();
  }

  /** The key's scheme and bytes, or "invalid": what a caller can observe of a decode. */
  private static String outcome(Decode decode) {
    try {
      PublicKey key = decode.run();
      return key.scheme().name() + ":" + key.toHex();
    } catch (IllegalArgumentException e) {
      return "invalid";
    }
  }
}
