package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressTest {
  // BIP-350 "Test vectors for Bech32m": valid and invalid strings for the generic checksum.
  private static final List<String> BIP350_VALID =
      List.of(
          "A1LQFN3A",
          "a1lqfn3a",
          "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharacters"
              + "bioandnumber11sg7hg6",
          "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
          "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllll"
              + "llllllllllllllllllllllllludsr8",
          "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
          "?1v759aa");

  private static final List<String> BIP350_INVALID =
      List.of(
          "\u0020" + "1xj0phk", // HRP character out of range
          "\u007f" + "1g6xzxy", // HRP character out of range
          "\u0080" + "1vctc34", // HRP character out of range
          "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharacters"
              + "bioandnumber11d6pts4", // overall maximum length exceeded
          "qyrz8wqd2c9m", // no separator character
          "1qyrz8wqd2c9m", // empty HRP
          "y1b0jsk6g", // invalid data character
          "lt1igcx5c0", // invalid data character
          "in1muywd", // too short checksum
          "mm1crxm3i", // invalid character in checksum
          "au1s5cgom", // invalid character in checksum
          "M1VUXWEZ", // checksum calculated with upper-case form of HRP
          "16plkw9", // empty HRP
          "1p2gdwpf"); // empty HRP

  @Test
  void bech32m_acceptsEveryBip350ValidStringAndReencodesIt() {
    for (String valid : BIP350_VALID) {
      Optional<Bech32m.Decoded> decoded = Bech32m.decode(valid);
      assertTrue(decoded.isPresent(), valid);
      assertEquals(
          valid.toLowerCase(Locale.ROOT),
          Bech32m.encode(decoded.get().hrp(), decoded.get().data()),
          valid);
    }
  }

  @Test
  void bech32m_rejectsEveryBip350InvalidString() {
    for (String invalid : BIP350_INVALID) {
      assertTrue(Bech32m.decode(invalid).isEmpty(), invalid);
    }
  }

  @Test
  void bech32m_rejectsBech32ChecksumsAndMixedCase() {
    // BIP-173 (Bech32, not Bech32m) valid strings must fail the Bech32m checksum.
    assertTrue(Bech32m.decode("a12uel5l").isEmpty());
    assertTrue(Bech32m.decode("A1LQfN3A").isEmpty());
  }

  @Test
  void fromPublicKey_hashesSchemeIdAndEncodedKey() {
    KeyPair pair =
        SignatureSchemes.ED25519.generateKeyPair(ModelArbitraries.deterministicRandom(1));
    byte[] key = pair.publicKey().toBytes();
    byte[] preimage = new byte[1 + key.length];
    preimage[0] = 1;
    System.arraycopy(key, 0, preimage, 1, key.length);
    Address address = Address.fromPublicKey(pair.publicKey());
    assertEquals(Hash.sha256d(preimage), address.hash());
    assertEquals(address, Address.fromEncodedPublicKey((byte) 1, key));
    assertTrue(!address.equals(Address.fromEncodedPublicKey((byte) 2, key)));
  }

  @Test
  void toText_isBech32mOfTheHashUnderTheHrp() {
    Address address = Address.of(Hash.ZERO);
    String text = address.toText();
    assertEquals(62, text.length());
    assertTrue(text.startsWith("elo1qqqqqqqq"), text);
    assertEquals(text, address.toString());
    Bech32m.Decoded decoded = Bech32m.decode(text).orElseThrow();
    assertEquals("elo", decoded.hrp());
    assertArrayEquals(new byte[32], Bech32m.convertBits(decoded.data(), 5, 8, false).get());
  }

  @Test
  void parse_rejectsTheWrongHrp() {
    Address address = Address.of(Hash.sha256d(new byte[] {1}));
    String testnet = address.toText("elot");
    assertTrue(testnet.startsWith("elot1"));
    assertTrue(Address.tryParse(testnet).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Address.parse(testnet));
    assertThrows(IllegalArgumentException.class, () -> Address.parse(address.toText(), "elor"));
    assertEquals(address, Address.parse(testnet, "elot"));
  }

  @Test
  void parse_rejectsWrongLengthsAndNonZeroPadding() {
    // A valid Bech32m string with 20 bytes of data is not an address.
    String short20 =
        Bech32m.encode("elo", Bech32m.convertBits(new byte[20], 8, 5, true).orElseThrow());
    assertTrue(Address.tryParse(short20).isEmpty());
    // 52 groups whose last group has a non-zero padding bit.
    byte[] groups = Bech32m.convertBits(new byte[32], 8, 5, true).orElseThrow();
    groups[groups.length - 1] = 1;
    assertTrue(Address.tryParse(Bech32m.encode("elo", groups)).isEmpty());
    assertTrue(Address.tryParse("").isEmpty());
    assertTrue(Address.tryParse("elo1").isEmpty());
  }

  @Test
  void toText_rejectsInvalidHrps() {
    Address address = Address.of(Hash.ZERO);
    assertThrows(IllegalArgumentException.class, () -> address.toText(""));
    assertThrows(IllegalArgumentException.class, () -> address.toText("ELO"));
    assertThrows(IllegalArgumentException.class, () -> address.toText("e lo"));
    assertThrows(IllegalArgumentException.class, () -> address.toText("x".repeat(32)));
  }
}
