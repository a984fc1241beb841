package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Frames through seal, an arbitrary split of the byte stream, open and the frame decoder: they
 * arrive intact and in order; any flipped bit is caught and nothing forged is delivered.
 */
class SecureChannelPropertyTest {
  /** A frame limit above two Noise messages, so frames are split and reassembled. */
  private static final int LIMIT = 3 * SecureChannel.MAX_PLAINTEXT_LENGTH;

  private static final ChannelSecurity A = SecureChannels.security(11).withRekeyInterval(3);
  private static final ChannelSecurity B = SecureChannels.security(12).withRekeyInterval(3);

  private final FrameCodec codec = FrameCodec.of(LIMIT);

  @Property(tries = 200)
  void randomFrames_arriveIntactAndInOrder(
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = LIMIT) Integer> sizes,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 100_000) int maxCut) {
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    for (int size : sizes) {
      byte[] frame = new byte[size];
      random.nextBytes(frame);
      frames.add(frame);
    }
    SecureChannels.Pair pair = SecureChannels.connect(A, B);
    byte[] wire = sealAll(pair.initiator(), frames);

    FrameDecoder decoder = codec.newDecoder();
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < wire.length) {
      int n = Math.min(wire.length - pos, 1 + random.nextInt(maxCut));
      pair.responder().open(ByteBuffer.wrap(wire, pos, n), plain -> decoder.feed(plain, out::add));
      pos += n;
    }

    assertEquals(frames.size(), out.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), out.get(i));
    }
  }

  @Property(tries = 2000)
  void anyFlippedBit_isCaught_andNothingForgedIsDelivered(
      @ForAll @Size(min = 1, max = 6) List<@Size(max = 300) byte[]> frames,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) {
    SecureChannels.Pair pair = SecureChannels.connect(A, B);
    byte[] wire = sealAll(pair.initiator(), frames);
    int bit = where % (wire.length * 8);
    wire[bit / 8] ^= (byte) (1 << (bit % 8));

    FrameDecoder decoder = codec.newDecoder();
    List<byte[]> out = new ArrayList<>();
    FrameException failure = null;
    try {
      pair.responder().open(ByteBuffer.wrap(wire), plain -> decoder.feed(plain, out::add));
    } catch (FrameException e) {
      failure = e;
    }

    assertForgeryCaught(frames, out, failure, wire, bit);
  }

  /**
   * Whatever arrived from a stream with {@code bit} flipped is an untouched prefix of what was
   * sent, and the flip failed authentication (a forged length inside a message is never taken at
   * its word: the tag speaks first), unless it lengthened a message's length prefix, which leaves
   * the receiver waiting for bytes that never come, having delivered nothing from that message on.
   */
  private static void assertForgeryCaught(
      List<byte[]> frames, List<byte[]> out, FrameException failure, byte[] wire, int bit) {
    assertTrue(out.size() < frames.size(), "a forged stream delivered every frame");
    for (int i = 0; i < out.size(); i++) {
      assertArrayEquals(frames.get(i), out.get(i));
    }
    if (failure != null) {
      assertEquals(DisconnectReason.AUTHENTICATION_FAILED, failure.reason());
    } else {
      assertTrue(
          isInLengthPrefix(wire, bit / 8, frames), "flip at byte " + bit / 8 + " not caught");
    }
  }

  @Property(tries = 200)
  void randomFrames_decryptedStraightIntoFrames_arriveIntactAndInOrder(
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = LIMIT) Integer> sizes,
      @ForAll @LongRange(min = 0, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 200_000) int maxCut,
      @ForAll boolean budgetRoom) {
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    for (int size : sizes) {
      byte[] frame = new byte[size];
      random.nextBytes(frame);
      frames.add(frame);
    }
    SecureChannels.Pair pair = SecureChannels.connect(A, B);
    byte[] wire = sealAll(pair.initiator(), frames);
    FrameBudget budget = FrameBudget.of(budgetRoom ? 4L * LIMIT : 0);
    FrameDecoder decoder = codec.newDecoder(budget);
    List<byte[]> out = new ArrayList<>();

    int pos = 0;
    while (pos < wire.length) {
      // A direct buffer, as the socket fills it.
      int n = Math.min(wire.length - pos, 1 + random.nextInt(maxCut));
      ByteBuffer read = ByteBuffer.allocateDirect(n).put(wire, pos, n).flip();
      pair.responder().open(read, decoder, out::add);
      assertEquals(0, read.remaining());
      pos += n;
    }

    assertEquals(frames.size(), out.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), out.get(i));
    }
    assertTrue(decoder.isAtFrameBoundary());
    assertEquals(0, budget.reserved());
  }

  @Property(tries = 1000)
  void anyFlippedBit_decryptingIntoFrames_isCaught_andNothingForgedIsDelivered(
      @ForAll @Size(min = 1, max = 6) List<@Size(max = 300) byte[]> frames,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
      @ForAll @IntRange(min = 1, max = 400) int maxCut) {
    SecureChannels.Pair pair = SecureChannels.connect(A, B);
    byte[] wire = sealAll(pair.initiator(), frames);
    int bit = where % (wire.length * 8);
    wire[bit / 8] ^= (byte) (1 << (bit % 8));

    FrameDecoder decoder = codec.newDecoder(FrameBudget.of(LIMIT));
    List<byte[]> out = new ArrayList<>();
    FrameException failure = null;
    Random cuts = new Random(where);
    try {
      for (int pos = 0; pos < wire.length; ) {
        int n = Math.min(wire.length - pos, 1 + cuts.nextInt(maxCut));
        pair.responder().open(ByteBuffer.wrap(wire, pos, n), decoder, out::add);
        pos += n;
      }
    } catch (FrameException e) {
      failure = e;
    }

    assertForgeryCaught(frames, out, failure, wire, bit);
  }

  @Property(tries = 200)
  void oversizeFrame_inAnAuthenticMessage_isFrameTooLarge_afterTheFramesBeforeIt(
      @ForAll @Size(max = 3) List<@Size(max = 300) byte[]> before,
      @ForAll @IntRange(min = 301, max = Integer.MAX_VALUE) int announced) {
    SecureChannels.Pair pair = SecureChannels.connect(A, B);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    FrameCodec small = FrameCodec.of(300);
    before.forEach(f -> plain.writeBytes(small.encode(f)));
    plain.writeBytes(ByteBuffer.allocate(14).putInt(announced).array());
    ByteBuffer sealed = pair.initiator().seal(ByteBuffer.wrap(plain.toByteArray()));
    List<byte[]> out = new ArrayList<>();

    FrameException e =
        assertThrows(
            FrameException.class,
            () -> pair.responder().open(sealed, small.newDecoder(FrameBudget.of(0)), out::add));

    assertEquals(DisconnectReason.FRAME_TOO_LARGE, e.reason());
    assertEquals(before.size(), out.size());
  }

  private static boolean isInLengthPrefix(byte[] wire, int index, List<byte[]> frames) {
    // One Noise message per frame here (frames of at most 300 bytes): walk the original lengths.
    int pos = 0;
    for (byte[] frame : frames) {
      if (index == pos || index == pos + 1) {
        return true;
      }
      pos += 2 + FrameCodec.HEADER_LENGTH + frame.length + 16;
    }
    return false;
  }

  private byte[] sealAll(SecureChannel channel, List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      ByteBuffer header = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH).putInt(0, frame.length);
      ByteBuffer wire = channel.seal(header, ByteBuffer.wrap(frame));
      out.write(wire.array(), wire.arrayOffset() + wire.position(), wire.remaining());
    }
    return out.toByteArray();
  }
}
