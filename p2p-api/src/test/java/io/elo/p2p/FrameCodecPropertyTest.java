package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
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
