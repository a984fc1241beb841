package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every {@link SignatureScheme} meets, run against each built-in scheme. */
class SignatureSchemeContractTest {
  private static final byte[] MESSAGE = {1, 2, 3};

  static List<SignatureScheme> schemes() {
    return SignatureSchemes.all();
  }

  private static SignatureScheme other(SignatureScheme scheme) {
    return scheme == SignatureSchemes.ED25519
        ? SignatureSchemes.SECP256K1
        : SignatureSchemes.ED25519;
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void generatedKeys_signAndVerify(SignatureScheme scheme) {
    KeyPair pair = scheme.generateKeyPair(new SecureRandom());
    byte[] signature = scheme.sign(pair.privateKey(), MESSAGE);
    assertTrue(signature.length <= scheme.maxSignatureLength());
    assertTrue(scheme.verify(pair.publicKey(), MESSAGE, signature));
    assertEquals(scheme.publicKeyLength(), pair.publicKey().toBytes().length);
    assertSame(scheme, pair.publicKey().scheme());
    assertSame(scheme, pair.privateKey().scheme());
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void decodePublicKey_roundTrips(SignatureScheme scheme) {
    PublicKey key = scheme.generateKeyPair(new SecureRandom()).publicKey();
    PublicKey decoded = scheme.decodePublicKey(key.toBytes());
    assertEquals(key, decoded);
    assertEquals(key.toHex(), decoded.toHex());
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void decodePrivateKey_roundTripsAndDerivesThePublicKey(SignatureScheme scheme) {
    KeyPair pair = scheme.generateKeyPair(new SecureRandom());
    PrivateKey decoded = scheme.decodePrivateKey(pair.privateKey().toBytes());
    assertEquals(pair.privateKey(), decoded);
    assertEquals(pair.publicKey(), decoded.publicKey());
    assertEquals(pair, KeyPair.fromPrivateKey(decoded));
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void sign_rejectsAKeyOfAnotherScheme(SignatureScheme scheme) {
    PrivateKey foreign = other(scheme).generateKeyPair(new SecureRandom()).privateKey();
    assertThrows(IllegalArgumentException.class, () -> scheme.sign(foreign, MESSAGE));
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void verify_answersFalseForAKeyOfAnotherScheme(SignatureScheme scheme) {
    KeyPair foreign = other(scheme).generateKeyPair(new SecureRandom());
    byte[] signature = other(scheme).sign(foreign.privateKey(), MESSAGE);
    assertFalse(scheme.verify(foreign.publicKey(), MESSAGE, signature));
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void privateKeyToString_showsNoKeyMaterial(SignatureScheme scheme) {
    PrivateKey key = scheme.generateKeyPair(new SecureRandom()).privateKey();
    String hex = java.util.HexFormat.of().formatHex(key.toBytes());
    assertFalse(key.toString().contains(hex));
    assertFalse(key.toString().contains(hex.substring(0, 16)));
    assertFalse(KeyPair.fromPrivateKey(key).toString().contains(hex.substring(0, 16)));
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void destroy_wipesTheKey(SignatureScheme scheme) {
    PrivateKey key = scheme.generateKeyPair(new SecureRandom()).privateKey();
    PrivateKey copy = scheme.decodePrivateKey(key.toBytes());
    key.destroy();
    assertTrue(key.isDestroyed());
    assertThrows(IllegalStateException.class, key::toBytes);
    assertThrows(IllegalStateException.class, () -> scheme.sign(key, MESSAGE));
    assertNotEquals(copy, key);
    assertEquals(copy.publicKey(), key.publicKey());
    key.destroy();
    assertTrue(key.isDestroyed());
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void keys_areValueTypes(SignatureScheme scheme) {
    KeyPair a = scheme.generateKeyPair(new SecureRandom());
    KeyPair b = scheme.generateKeyPair(new SecureRandom());
    new EqualsTester()
        .addEqualityGroup(a.publicKey(), scheme.decodePublicKey(a.publicKey().toBytes()))
        .addEqualityGroup(b.publicKey())
        .addEqualityGroup(a.privateKey(), scheme.decodePrivateKey(a.privateKey().toBytes()))
        .addEqualityGroup(b.privateKey())
        .addEqualityGroup(
            a, KeyPair.fromPrivateKey(scheme.decodePrivateKey(a.privateKey().toBytes())))
        .testEquals();
  }

  @ParameterizedTest
  @MethodSource("schemes")
  void toBytes_returnsCopies(SignatureScheme scheme) {
    KeyPair pair = scheme.generateKeyPair(new SecureRandom());
    byte[] publicBytes = pair.publicKey().toBytes();
    publicBytes[1] ^= 1;
    assertFalse(Arrays.equals(publicBytes, pair.publicKey().toBytes()));
    byte[] privateBytes = pair.privateKey().toBytes();
    privateBytes[1] ^= 1;
    assertFalse(Arrays.equals(privateBytes, pair.privateKey().toBytes()));
  }

  @Test
  void byId_findsEachSchemeAndNothingElse() {
    assertEquals(Optional.of(SignatureSchemes.ED25519), SignatureSchemes.byId((byte) 1));
    assertEquals(Optional.of(SignatureSchemes.SECP256K1), SignatureSchemes.byId((byte) 2));
    assertEquals(Optional.empty(), SignatureSchemes.byId((byte) 0));
    assertEquals(Optional.empty(), SignatureSchemes.byId((byte) 3));
    assertEquals(2, SignatureSchemes.all().size());
  }
}
