package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreTest {
  @TempDir Path dir;

  private final List<Block> chain = StoreFixtures.chain(12, 5);

  @Test
  void putGetAndScan_inAppendOrder() throws Exception {
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.put(chain.get(0));
      store.putAll(chain.subList(1, 6));
      store.put(chain.get(0));
      assertEquals(6, store.size());
      assertEquals(Optional.of(chain.get(3)), store.get(chain.get(3).hash()));
      assertTrue(store.contains(chain.get(5).hash()));
      assertFalse(store.contains(chain.get(6).hash()));
      assertEquals(Optional.empty(), store.get(chain.get(6).hash()));
      assertEquals(chain.subList(0, 6), scan(store));
    }
  }

  @Test
  void reopen_rebuildsTheIndex() throws Exception {
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.putAll(chain.subList(0, 4));
    }
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      assertEquals(4, store.size());
      assertEquals(Optional.of(chain.get(2)), store.get(chain.get(2).hash()));
      store.put(chain.get(4));
      assertEquals(chain.subList(0, 5), scan(store));
    }
  }

  @Test
  void tornTail_isTruncatedOnOpen() throws Exception {
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.putAll(chain.subList(0, 3));
    }
    Path file = onlyFile();
    long goodSize = Files.size(file);
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.put(chain.get(3));
    }
    // Cut the last record in half, as a crash during its write would.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(goodSize + (Files.size(file) - goodSize) / 2);
    }
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      assertEquals(3, store.size());
      assertEquals(goodSize, Files.size(file));
      store.put(chain.get(3));
      assertEquals(chain.subList(0, 4), scan(store));
    }
  }

  @Test
  void garbageTail_isTruncatedOnOpen() throws Exception {
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.putAll(chain.subList(0, 2));
    }
    Path file = onlyFile();
    long goodSize = Files.size(file);
    Files.write(file, new byte[] {0x45, 0x4C, 0x4F, 0x42, 9, 9, 9}, StandardOpenOption.APPEND);
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      assertEquals(2, store.size());
      assertEquals(goodSize, Files.size(file));
    }
  }

  @Test
  void crcMismatch_isDetectedOnReadAndTruncatedOnOpen() throws Exception {
    long secondOffset;
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.put(chain.get(0));
      secondOffset = Files.size(onlyFile());
      store.putAll(chain.subList(1, 3));
      // Flip one payload byte of the second record behind the store's back.
      flipByte(onlyFile(), secondOffset + BlockRecords.HEADER_LENGTH + 10);
      StoreException e = assertThrows(StoreException.class, () -> store.get(chain.get(1).hash()));
      assertTrue(e.getMessage().contains("CRC32C mismatch"), e.getMessage());
      assertEquals(Optional.of(chain.get(0)), store.get(chain.get(0).hash()));
      assertThrows(StoreException.class, () -> scan(store));
    }
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      // Everything from the damaged record on is dropped; peers supply those blocks again.
      assertEquals(1, store.size());
      assertEquals(secondOffset, Files.size(onlyFile()));
    }
  }

  @Test
  void files_rollAtTheSizeBound() throws Exception {
    int recordSize = chain.get(1).size() + BlockRecords.HEADER_LENGTH;
    try (FileBlockStore store = FileBlockStore.open(dir, 4L * recordSize + 10)) {
      store.putAll(chain.subList(0, 5));
      for (Block b : chain.subList(5, 10)) {
        store.put(b);
      }
      assertEquals(chain.subList(0, 10), scan(store));
    }
    List<Path> files = files();
    assertEquals(3, files.size(), files.toString());
    for (Path f : files) {
      assertTrue(Files.size(f) <= 4L * recordSize + 10, f.toString());
    }
    try (FileBlockStore store = FileBlockStore.open(dir, 4L * recordSize + 10)) {
      assertEquals(10, store.size());
      assertEquals(Optional.of(chain.get(9)), store.get(chain.get(9).hash()));
      assertEquals(chain.subList(0, 10), scan(store));
    }
  }

  @Test
  void recordLargerThanTheBound_getsItsOwnFile() throws Exception {
    Block big = StoreFixtures.block(chain.get(0).hash(), 1, 100);
    try (FileBlockStore store = FileBlockStore.open(dir, 1024)) {
      store.put(chain.get(0));
      store.put(big);
      store.put(chain.get(2));
      assertEquals(List.of(chain.get(0), big, chain.get(2)), scan(store));
    }
    assertEquals(3, files().size());
  }

  @Test
  void put_writesTheBytesTheBlockArrivedIn_withoutCopyingThemOnTheHeap() throws Exception {
    byte[] arrived = bigBlock().encode();
    Block block = Block.decode(ByteBuffer.wrap(arrived).asReadOnlyBuffer());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.put(chain.get(0));
      long before = threads.getCurrentThreadAllocatedBytes();
      store.put(block);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // Re-encoding, or a heap record buffer, would allocate the block's size (1.6 MB) or twice.
      assertTrue(allocated < 64 * 1024, "put allocated " + allocated + " bytes");
      assertArrayEquals(arrived, bytes(store.encodedBlock(block.hash()).orElseThrow()));
      assertEquals(Optional.of(block), store.get(block.hash()));
    }
  }

  @Test
  void encodedBlock_servesTheStoredBytes_checkedButNotDecoded() throws Exception {
    Block big = bigBlock();
    long secondOffset;
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.put(chain.get(0));
      secondOffset = Files.size(onlyFile());
      store.putAll(List.of(chain.get(1), big));
      assertArrayEquals(chain.get(1).encode(), bytes(store.encodedBlock(chain.get(1).hash()).get()));
      assertArrayEquals(big.encode(), bytes(store.encodedBlock(big.hash()).get()));
      assertTrue(store.encodedBlock(chain.get(1).hash()).get().isReadOnly());
      assertEquals(Optional.empty(), store.encodedBlock(chain.get(2).hash()));
      flipByte(onlyFile(), secondOffset + BlockRecords.HEADER_LENGTH + 10);
      StoreException e =
          assertThrows(StoreException.class, () -> store.encodedBlock(chain.get(1).hash()));
      assertTrue(e.getMessage().contains("CRC32C mismatch"), e.getMessage());
    }
  }

  @Test
  void recordLargerThanTheWriteBuffer_survivesReopen_andATornOneIsTruncated() throws Exception {
    Block big = bigBlock();
    assertTrue(big.size() > BlockRecords.WRITE_BUFFER, "several chunks: " + big.size());
    long goodSize;
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      store.putAll(List.of(chain.get(0), big));
      goodSize = Files.size(onlyFile());
      store.put(chain.get(1));
    }
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      assertEquals(List.of(chain.get(0), big, chain.get(1)), scan(store));
    }
    try (FileChannel ch = FileChannel.open(onlyFile(), StandardOpenOption.WRITE)) {
      ch.truncate(goodSize - 100);
    }
    try (FileBlockStore store = FileBlockStore.open(dir)) {
      assertEquals(List.of(chain.get(0)), scan(store));
    }
  }

  /** A block of about 1.6 MB: two transactions of 20,000 outputs (too big for one). */
  private static Block bigBlock() {
    List<Transaction> txs = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      List<TxOutput> outputs = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        outputs.add(TxOutput.of(Amount.ofAtoms(i + 1L), Address.of(StoreFixtures.hash(9, t, i))));
      }
      txs.add(Transaction.coinbase(Height.of(t + 1), new byte[0], outputs));
    }
    BlockHeader header =
        BlockHeader.of(1, Hash.ZERO, Block.computeMerkleRoot(txs), 1_700_000_000L, 0, 0);
    return Block.of(header, txs);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  @Test
  void closedStore_throws() throws Exception {
    FileBlockStore store = FileBlockStore.open(dir);
    store.close();
    assertThrows(StoreException.class, () -> store.put(chain.get(0)));
    assertThrows(StoreException.class, () -> store.get(chain.get(0).hash()));
    store.close();
  }

  @Test
  void open_rejectsATinyFileBound() {
    assertThrows(IllegalArgumentException.class, () -> FileBlockStore.open(dir, 100));
  }

  private static List<Block> scan(BlockStore store) throws StoreException {
    List<Block> seen = new ArrayList<>();
    store.forEachBlock(seen::add);
    return seen;
  }

  private Path onlyFile() throws IOException {
    List<Path> files = files();
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x40));
      ch.write(b.rewind(), offset);
    }
  }
}
