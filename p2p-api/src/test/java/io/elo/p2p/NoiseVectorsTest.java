package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The published cacophony test vector for {@code Noise_XX_25519_ChaChaPoly_SHA256}, stored
 * verbatim in test resources (noise/SOURCE.md): both sides, fixed keys and prologue, three
 * handshake messages and three transport messages, byte for byte.
 */
class NoiseVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  record Message(byte[] payload, byte[] ciphertext) {}

  record Vector(Map<String, String> fields, List<Message> messages) {
    byte[] hex(String key) {
      return HEX.parseHex(fields.get(key));
    }
  }

  static Vector load() throws IOException {
    String json;
    try (InputStream in =
        NoiseVectorsTest.class.getResourceAsStream(
            "/noise/cacophony-XX_25519_ChaChaPoly_SHA256.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<byte[]> payloads = new ArrayList<>();
    List<byte[]> ciphertexts = new ArrayList<>();
    Matcher m = Pattern.compile("\"(\\w+)\": \"([^\"]*)\"").matcher(json);
    while (m.find()) {
      switch (m.group(1)) {
        case "payload" -> payloads.add(HEX.parseHex(m.group(2)));
        case "ciphertext" -> ciphertexts.add(HEX.parseHex(m.group(2)));
        default -> fields.put(m.group(1), m.group(2));
      }
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      messages.add(new Message(payloads.get(i), ciphertexts.get(i)));
    }
    return new Vector(fields, messages);
  }

  @Test
  void cacophonyVector_handshakeAndTransportMatchByteForByte() throws IOException {
    Vector v = load();
    assertEquals(NoiseSymmetricState.PROTOCOL_NAME, v.fields().get("name"));
    assertEquals(6, v.messages().size());
    NoiseHandshake initiator =
        new NoiseHandshake(
            true, v.hex("init_prologue"), v.hex("init_static"), v.hex("init_ephemeral"));
    NoiseHandshake responder =
        new NoiseHandshake(
            false, v.hex("resp_prologue"), v.hex("resp_static"), v.hex("resp_ephemeral"));

    for (int i = 0; i < 3; i++) {
      Message message = v.messages().get(i);
      NoiseHandshake writer = i % 2 == 0 ? initiator : responder;
      NoiseHandshake reader = i % 2 == 0 ? responder : initiator;
      byte[] written = writer.writeMessage(message.payload());
      assertArrayEquals(message.ciphertext(), written, "handshake message " + i);
      assertArrayEquals(message.payload(), reader.readMessage(written), "payload " + i);
    }
    assertTrue(initiator.isComplete() && responder.isComplete());
    assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
    assertArrayEquals(
        NoiseHandshake.publicKey(v.hex("resp_static")), initiator.remoteStatic());
    assertArrayEquals(
        NoiseHandshake.publicKey(v.hex("init_static")), responder.remoteStatic());

    NoiseCipherState[] initiatorStates = initiator.split();
    NoiseCipherState[] responderStates = responder.split();
    // Messages keep alternating after the handshake: responder, initiator, responder.
    for (int i = 3; i < 6; i++) {
      Message message = v.messages().get(i);
      NoiseCipherState send = (i % 2 == 0 ? initiatorStates : responderStates)[0];
      NoiseCipherState receive = (i % 2 == 0 ? responderStates : initiatorStates)[1];
      byte[] out = new byte[message.payload().length + NoiseCipherState.TAG_LENGTH];
      send.encrypt(null, message.payload(), 0, message.payload().length, out, 0);
      assertArrayEquals(message.ciphertext(), out, "transport message " + i);
      // The receiving side's own decryption, from a direct buffer as the socket fills it.
      ChaChaPolyOpener opener = new ChaChaPolyOpener();
      opener.begin(receive.key(), receive.nonce());
      ByteBuffer wire = ByteBuffer.allocateDirect(out.length).order(ByteOrder.LITTLE_ENDIAN);
      wire.put(0, out);
      byte[] opened = new byte[message.payload().length];
      opener.open(wire, 0, opened.length, opened, 0);
      assertTrue(opener.verify(Arrays.copyOfRange(out, opened.length, out.length)));
      assertArrayEquals(message.payload(), opened, "opened transport message " + i);
      byte[] plain = new byte[message.payload().length];
      assertEquals(plain.length, receive.decrypt(null, out, 0, out.length, plain, 0));
      assertArrayEquals(message.payload(), plain);
    }
  }
}
