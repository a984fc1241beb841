package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlockStore} of append-only block files {@code blocks-NNNNN.dat} in one folder, each a
 * sequence of records (see docs/storage.md): magic, length, CRC32C and the canonical block bytes.
 *
 * <p>{@link #put} appends and forces the file to disk before returning; {@link #putAll} appends
 * many blocks and forces once (group commit). A file is closed and the next one started when a
 * record would take it past the file size bound (a bigger record gets a file to itself).
 *
 * <p>An in-memory index (block hash to file, offset, length; about 150 heap bytes per block) is
 * built on {@link #open} by scanning every file. A torn or corrupt record (a crash during an
 * append, or damage) is logged and its file truncated there; later records of that file are lost,
 * never fatal, and the chain fetches such blocks again from peers. Every read checks the CRC again.
 *
 * <p>Single writer; {@link #get}, {@link #contains} and {@link #size} are thread-safe.
 */
public final class FileBlockStore implements BlockStore {
  /** Default file size bound: 128 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 128L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(FileBlockStore.class);
  private static final Pattern FILE_NAME = Pattern.compile("blocks-(\\d{5})\\.dat");

  private final Path dir;
  private final long maxFileBytes;
  private final Map<Hash, Location> index = new ConcurrentHashMap<>();
  private final BlockRecords.Appender appender = new BlockRecords.Appender();
  private int fileNumber;
  private FileChannel writer;
  private long position;
  private volatile boolean closed;

  private FileBlockStore(Path dir, long maxFileBytes) {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
  }

  /** Opens (creating if needed) the block files in {@code dir} with the default file size bound. */
  public static FileBlockStore open(Path dir) throws StoreException {
    return open(dir, DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * Opens (creating if needed) the block files in {@code dir}, rolling files at {@code
   * maxFileBytes}; truncates a torn or corrupt tail of any file.
   *
   * @throws IllegalArgumentException if {@code maxFileBytes} is below 1,024
   * @throws StoreException on an I/O error
   */
  public static FileBlockStore open(Path dir, long maxFileBytes) throws StoreException {
    checkArgument(maxFileBytes >= 1024, "maxFileBytes must be >= 1024, got %s", maxFileBytes);
    FileBlockStore store = new FileBlockStore(requireNonNull(dir, "dir"), maxFileBytes);
    try {
      Files.createDirectories(dir);
      List<Integer> numbers = fileNumbers(dir);
      for (int number : numbers) {
        store.recover(number);
      }
      store.fileNumber = numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
      store.writer = openWriter(store.file(store.fileNumber));
      store.position = store.writer.size();
    } catch (IOException e) {
      throw new StoreException("cannot open block store " + dir, e);
    }
    return store;
  }

  private static List<Integer> fileNumbers(Path dir) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = FILE_NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          numbers.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    numbers.sort(null);
    return numbers;
  }

  /** Indexes one file's valid records and truncates it at the first invalid one. */
  private void recover(int number) throws IOException {
    Path path = file(number);
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long offset = 0;
      String[] problem = new String[1];
      while (offset < size) {
        BlockRecords.Record record = BlockRecords.read(channel, offset, size, problem);
        if (record == null) {
          LOG.warn(
              "{}: {} at offset {}; truncating {} bytes", path, problem[0], offset, size - offset);
          channel.truncate(offset);
          channel.force(true);
          break;
        }
        index.putIfAbsent(record.block().hash(), new Location(number, offset, record.length()));
        offset += record.totalLength();
      }
    }
  }

  private static FileChannel openWriter(Path path) throws IOException {
    return FileChannel.open(
        path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  private Path file(int number) {
    return dir.resolve(String.format("blocks-%05d.dat", number));
  }

  @Override
  public synchronized void put(Block block) throws StoreException {
    putAll(List.of(block));
  }

  @Override
  public synchronized void putAll(List<Block> blocks) throws StoreException {
    checkOpen();
    Map<Hash, Location> written = new LinkedHashMap<>();
    try {
      for (Block block : blocks) {
        Hash hash = block.hash();
        if (index.containsKey(hash) || written.containsKey(hash)) {
          continue;
        }
        // The bytes the block arrived in (a decoded block keeps them), never a re-encoding.
        ByteBuffer bytes = block.encodedView();
        long recordLength = BlockRecords.HEADER_LENGTH + (long) bytes.remaining();
        if (position > 0 && position + recordLength > maxFileBytes) {
          roll();
        }
        Location location = new Location(fileNumber, position, bytes.remaining());
        position += appender.append(writer, position, bytes);
        written.put(hash, location);
      }
      if (!written.isEmpty()) {
        // fdatasync: the data and the file length, which is all a reader needs.
        writer.force(false);
      }
    } catch (IOException e) {
      // The file may end in a partial record: stop writing; reopening truncates it.
      closed = true;
      try {
        writer.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException("cannot append to " + file(fileNumber) + "; store closed", e);
    }
    // Indexed only once durable, so a reader never sees a block a crash could still lose.
    index.putAll(written);
  }

  private void roll() throws IOException {
    writer.force(false);
    writer.close();
    fileNumber++;
    writer = openWriter(file(fileNumber));
    position = writer.size();
  }

  @Override
  public Optional<Block> get(Hash hash) throws StoreException {
    return readRecord(
        hash,
        (channel, location, problem) -> {
          BlockRecords.Record record =
              BlockRecords.read(channel, location.offset(), channel.size(), problem);
          if (record != null && !record.block().hash().equals(hash)) {
            problem[0] = "hash mismatch";
            return null;
          }
          return record == null ? null : record.block();
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The record's checksum is checked; the block is not decoded (the index built at open, and
   * the checksum, vouch that these are the bytes stored for {@code hash}).
   */
  @Override
  public Optional<ByteBuffer> encodedBlock(Hash hash) throws StoreException {
    return readRecord(
        hash,
        (channel, location, problem) -> {
          ByteBuffer payload =
              BlockRecords.readPayload(channel, location.offset(), channel.size(), problem);
          if (payload != null && payload.remaining() != location.length()) {
            problem[0] = "length mismatch";
            return null;
          }
          return payload;
        });
  }

  /** Reads what {@code reader} makes of the record of {@code hash}, if stored. */
  private <T> Optional<T> readRecord(Hash hash, RecordReader<T> reader) throws StoreException {
    checkOpen();
    Location location = index.get(requireNonNull(hash, "hash"));
    if (location == null) {
      return Optional.empty();
    }
    Path path = file(location.file());
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      String[] problem = new String[1];
      T value = reader.read(channel, location, problem);
      if (value == null) {
        throw new StoreException(
            "corrupt block " + hash + " in " + path + " at " + location.offset() + ": "
                + problem[0]);
      }
      return Optional.of(value);
    } catch (IOException e) {
      throw new StoreException("cannot read block " + hash + " from " + path, e);
    }
  }

  /** Reads a record at a location; null with {@code problem[0]} set if it is corrupt. */
  private interface RecordReader<T> {
    T read(FileChannel channel, Location location, String[] problem) throws IOException;
  }

  @Override
  public boolean contains(Hash hash) throws StoreException {
    checkOpen();
    return index.containsKey(requireNonNull(hash, "hash"));
  }

  @Override
  public int size() throws StoreException {
    checkOpen();
    return index.size();
  }

  @Override
  public void forEachBlock(Consumer<Block> action) throws StoreException {
    checkOpen();
    long end;
    int lastFile;
    synchronized (this) {
      lastFile = fileNumber;
      end = position;
    }
    try {
      for (int number : fileNumbers(dir)) {
        if (number > lastFile) {
          break;
        }
        scanFile(number, number == lastFile ? end : Long.MAX_VALUE, action);
      }
    } catch (IOException e) {
      throw new StoreException("cannot scan block store " + dir, e);
    }
  }

  private void scanFile(int number, long limit, Consumer<Block> action)
      throws IOException, StoreException {
    Path path = file(number);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = Math.min(limit, channel.size());
      long offset = 0;
      String[] problem = new String[1];
      while (offset < size) {
        BlockRecords.Record record = BlockRecords.read(channel, offset, size, problem);
        if (record == null) {
          throw new StoreException(path + ": " + problem[0] + " at offset " + offset);
        }
        Location location = index.get(record.block().hash());
        // A duplicate record (stored twice around a crash) is reported once, at its indexed copy.
        if (location != null && location.file() == number && location.offset() == offset) {
          action.accept(record.block());
        }
        offset += record.totalLength();
      }
    }
  }

  @Override
  public synchronized void close() throws StoreException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new StoreException("cannot close " + file(fileNumber), e);
    }
  }

  private void checkOpen() throws StoreException {
    if (closed) {
      throw new StoreException("block store is closed: " + dir);
    }
  }

  /** Where a block's record lies: file number, record offset and payload length. */
  private record Location(int file, long offset, int length) {}
}
