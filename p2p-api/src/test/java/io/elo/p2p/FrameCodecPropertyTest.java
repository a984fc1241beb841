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
import net.jqwik.api.constraints.Size;

class FrameCodecPropertyTest {
  private static final int LIMIT = 300;
  private final FrameCodec codec = FrameCodec.of(LIMIT);

  @Property(tries = 10000)
  void randomChunking_reassemblesExactly(
      @ForAll @Size(max = 8) List<@Size(max = LIMIT) byte[]> frames,
      @ForAll @Size(max = 40) List<@IntRange(min = 1, max = 64) Integer> cuts) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    frames.forEach(f -> stream.writeBytes(codec.encode(f)));
    byte[] bytes = stream.toByteArray();
    FrameDecoder decoder = codec.newDecoder();
    List<byte[]> out = new ArrayList<>();

    int pos = 0;
    int i = 0;
    while (pos < bytes.length) {
      int n = Math.min(bytes.length - pos, cuts.isEmpty() ? 1 : cuts.get(i++ % cuts.size()));
      decoder.feed(bytes, pos, n, out::add);
      pos += n;
    }

    assertEquals(frames.size(), out.size());
    for (int k = 0; k < frames.size(); k++) {
      assertArrayEquals(frames.get(k), out.get(k));
    }
    assertTrue(decoder.isAtFrameBoundary());
  }

  @Property(tries = 300)
  void largeFrames_anyChunking_anyBudget_reassembleExactly_andReturnTheBudget(
      @ForAll @Size(max = 5) List<@IntRange(min = 0, max = 300_000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 100_000) int maxCut,
      @ForAll @IntRange(min = 0, max = 700_000) int budgetBytes,
      @ForAll long seed) {
    FrameCodec large = FrameCodec.of(300_000);
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int size : sizes) {
      byte[] frame = new byte[size];
      random.nextBytes(frame);
      frames.add(frame);
      stream.writeBytes(large.encode(frame));
    }
    byte[] bytes = stream.toByteArray();
    FrameBudget budget = FrameBudget.of(budgetBytes);
    FrameDecoder decoder = large.newDecoder(budget);
    List<byte[]> out = new ArrayList<>();

    for (int pos = 0; pos < bytes.length; ) {
      int n = Math.min(bytes.length - pos, 1 + random.nextInt(maxCut));
      ByteBuffer chunk = ByteBuffer.allocateDirect(n).put(bytes, pos, n).flip();
      decoder.feed(chunk, out::add);
      pos += n;
    }

    assertEquals(frames.size(), out.size());
    for (int k = 0; k < frames.size(); k++) {
      assertArrayEquals(frames.get(k), out.get(k));
    }
    assertEquals(0, budget.reserved());
  }

  @Property(tries = 10000)
  void oversizeLength_rejectedWhateverFollows(
      @ForAll @IntRange(min = LIMIT + 1) int length,
      @ForAll @Size(max = 20) byte[] tail,
      @ForAll @IntRange(min = 1, max = 4) int firstChunk) {
    byte[] header = {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
    byte[] stream = FrameCodecTest.concat(header, tail);
    FrameDecoder decoder = codec.newDecoder();

    decoder.feed(stream, 0, Math.min(firstChunk, 3), f -> {});
    FrameException e =
        assertThrows(
            FrameException.class,
            () -> decoder.feed(stream, Math.min(firstChunk, 3), stream.length - Math.min(firstChunk, 3), f -> {}));

    assertEquals(DisconnectReason.FRAME_TOO_LARGE, e.reason());
    assertEquals(4, decoder.bufferedBytes());
  }
}
