package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large frames are written once, into an array of their announced length, when the peer shows it
 * is sending them and the budget has room; a peer that announces and sends nothing costs little.
 */
class FrameBudgetTest {
  private static final int MAX = 4 * 1024 * 1024;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final FrameCodec codec = FrameCodec.of(MAX);

  @Test
  void largeFrameArrivingWithItsHeader_isAllocatedOnce_atItsLength() {
    FrameBudget budget = FrameBudget.of(8L << 20);
    FrameDecoder decoder = codec.newDecoder(budget);
    byte[] frame = random(3 << 20);
    ByteBuffer stream = ByteBuffer.allocateDirect(frame.length + 4);
    stream.putInt(frame.length).put(frame).flip();
    List<byte[]> out = new ArrayList<>();

    decoder.feed(stream.limit(200_000), out::add);
    assertEquals(frame.length, budget.reserved(), "the whole frame is taken from the budget");
    long before = THREADS.getCurrentThreadAllocatedBytes();
    decoder.feed(stream.limit(stream.capacity()), out::add);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

    assertArrayEquals(frame, out.get(0));
    assertEquals(0, budget.reserved(), "returned when the frame completed");
    assertTrue(allocated < 64 * 1024, "no buffer grew after the header: " + allocated);
  }

  @Test
  void largeFrameAnnouncedAlone_takesNoBudget_andOnly64KiB() {
    FrameBudget budget = FrameBudget.of(8L << 20);
    FrameDecoder decoder = codec.newDecoder(budget);
    ByteBuffer header = ByteBuffer.allocate(4).putInt(0, MAX);

    long before = THREADS.getCurrentThreadAllocatedBytes();
    decoder.feed(header, f -> {});
    decoder.feed(ByteBuffer.wrap(new byte[100]), f -> {});
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

    assertEquals(0, budget.reserved());
    // The 64 KiB first buffer, as before budgets; not the 4 MiB announced.
    assertTrue(allocated < 128 * 1024, "announcing 4 MiB and sending 100 bytes cost " + allocated);
    assertEquals(104, decoder.bufferedBytes());
  }

  @Test
  void frameGrownPast64KiB_takesItsLengthFromTheBudget_andAbandonReturnsIt() {
    FrameBudget budget = FrameBudget.of(8L << 20);
    FrameDecoder decoder = codec.newDecoder(budget);
    decoder.feed(ByteBuffer.allocate(4).putInt(0, 1 << 20), f -> {});
    for (int i = 0; i < 70; i++) {
      decoder.feed(ByteBuffer.wrap(new byte[1000]), f -> {});
    }

    assertEquals(1 << 20, budget.reserved(), "64 KiB arrived: the frame is worth its length");
    decoder.abandon();
    assertEquals(0, budget.reserved());
    assertThrows(IllegalStateException.class, () -> decoder.feed(ByteBuffer.allocate(1), f -> {}));
  }

  @Test
  void budgetTaken_framesStillArrive_growingWithWhatArrives() {
    FrameBudget budget = FrameBudget.of(1 << 20);
    FrameDecoder hog = codec.newDecoder(budget);
    FrameDecoder decoder = codec.newDecoder(budget);
    hog.feed(ByteBuffer.allocate(200_000).putInt(0, 1 << 20), f -> {});
    assertEquals(1 << 20, budget.reserved());
    byte[] frame = random(700_000);
    ByteBuffer stream = ByteBuffer.allocate(frame.length + 4).putInt(frame.length).put(frame).flip();
    List<byte[]> out = new ArrayList<>();

    decoder.feed(stream, out::add);

    assertArrayEquals(frame, out.get(0));
    assertEquals(1 << 20, budget.reserved(), "only the hog's share");
  }

  @Test
  void frameOf64KiBOrLess_isAllocatedAtItsLength_withoutBudget() {
    FrameDecoder decoder = codec.newDecoder(FrameBudget.of(0));
    byte[] frame = random(64 * 1024);
    List<byte[]> out = new ArrayList<>();
    decoder.feed(ByteBuffer.allocate(4).putInt(0, frame.length), out::add);
    decoder.feed(ByteBuffer.wrap(frame, 0, 10), out::add);
    decoder.feed(ByteBuffer.wrap(frame, 10, frame.length - 10), out::add);

    assertArrayEquals(frame, out.get(0));
    assertEquals(frame.length, out.get(0).length);
  }

  @Test
  void of_rejectsANegativeBudget() {
    assertThrows(IllegalArgumentException.class, () -> FrameBudget.of(-1));
    assertEquals(5, FrameBudget.of(5).limit());
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
