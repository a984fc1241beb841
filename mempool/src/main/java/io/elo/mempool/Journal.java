package io.elo.mempool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's durable record: an append-only journal of accepted transactions with group commit,
 * compacted into atomically written snapshots.
 *
 * <p>Files in the directory: {@code mempool-<generation>.snapshot} holds the pool as it was when
 * journal {@code generation - 1} was closed; {@code mempool-<generation>.journal} holds what was
 * accepted after. Loading reads the newest snapshot, then every journal of that generation or
 * later, each up to its first torn record. A snapshot is written to a temporary file, synced and
 * renamed, and only then are older files deleted, so a crash at any moment leaves a loadable set.
 *
 * <p>Group commit: appends copy their record into a memory buffer in the pool's order (under the
 * pool's lock, so nothing slow happens there); {@link #awaitDurable} makes one waiting thread write
 * the buffer and sync for everyone whose records were appended before, so the cost is one write
 * and one sync per batch and a record waits for at most the sync in progress plus its own. The
 * buffer holds at most {@value #WRITE_BYTES} bytes plus one record: a larger buffer is written out
 * at once (without a sync). Syncing uses {@code FileDescriptor.sync}, which an interrupt cannot
 * abort. Once a write or sync fails the journal refuses everything until it is reopened.
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final Pattern NAME = Pattern.compile("mempool-(\\d{12})\\.(journal|snapshot)");
  /** Appended bytes kept in memory before they are written without waiting for a sync. */
  static final int WRITE_BYTES = 64 * 1024;

  private final Path dir;
  private final long compactionBytes;
  private RandomAccessFile file;
  private byte[] pending = new byte[WRITE_BYTES];
  private int pendingLength;
  private long generation;
  private long written; // bytes appended across all generations
  private long durable;
  private long writtenAtRotation;
  private boolean syncing;
  private IOException failure;

  private Journal(Path dir, long compactionBytes) {
    this.dir = dir;
    this.compactionBytes = compactionBytes;
  }

  /** Opens the directory (creating it), without reading or writing anything yet. */
  static Journal open(Path dir, long compactionBytes) throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path stale : tmp) {
        Files.deleteIfExists(stale);
      }
    }
    return new Journal(dir, compactionBytes);
  }

  /** Reads the newest snapshot and the journals after it, in the order they were written. */
  synchronized List<JournalCodec.Record> load() throws IOException {
    TreeMap<Long, Path> snapshots = new TreeMap<>();
    TreeMap<Long, Path> journals = new TreeMap<>();
    scan(snapshots, journals);
    List<JournalCodec.Record> records = new ArrayList<>();
    long from = 0;
    for (Long gen : snapshots.descendingKeySet()) {
      List<JournalCodec.Record> read = new ArrayList<>();
      if (readFile(snapshots.get(gen), JournalCodec.SNAPSHOT_MAGIC, read)) {
        records.addAll(read);
        from = gen;
        break;
      }
      LOG.warn("skipping unreadable mempool snapshot {}", snapshots.get(gen));
    }
    for (Path journal : journals.tailMap(from, true).values()) {
      readFile(journal, JournalCodec.JOURNAL_MAGIC, records);
    }
    generation = Math.max(last(snapshots), last(journals));
    return records;
  }

  /**
   * Writes {@code records} (the pool after reloading) as a new snapshot, starts the journal after
   * it and deletes every older file.
   */
  synchronized void start(List<JournalCodec.Record> records) throws IOException {
    long next = generation + 1;
    startJournal(next);
    writeSnapshot(next, records);
  }

  /** Appends one record to the journal; returns the offset to pass to {@link #awaitDurable}. */
  long append(JournalCodec.Record record) throws IOException {
    return appendEncoded(JournalCodec.encode(record));
  }

  /**
   * Appends one record encoded by {@link JournalCodec#encode}; returns the offset to pass to {@link
   * #awaitDurable}. Copies it into the buffer; writes the buffer out if it is full.
   */
  synchronized long appendEncoded(byte[] bytes) throws IOException {
    if (failure != null) {
      throw new IOException("the mempool journal failed earlier", failure);
    }
    if (pendingLength + bytes.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + bytes.length));
    }
    System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
    pendingLength += bytes.length;
    written += bytes.length;
    if (pendingLength >= WRITE_BYTES) {
      writePending();
    }
    return written;
  }

  /** The offset just past the last appended record. */
  synchronized long written() {
    return written;
  }

  /** Writes the buffer to the file (not synced); under this object's monitor. */
  private void writePending() throws IOException {
    if (pendingLength == 0) {
      return;
    }
    try {
      file.write(pending, 0, pendingLength);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    pendingLength = 0;
    if (pending.length > WRITE_BYTES) {
      pending = new byte[WRITE_BYTES]; // after a large record
    }
  }

  /** Returns once every byte up to {@code offset} is synced to disk. */
  void awaitDurable(long offset) throws IOException {
    boolean interrupted = false;
    try {
      interrupted = syncUpTo(offset);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Syncs up to {@code offset}; returns whether the thread was interrupted meanwhile. */
  private boolean syncUpTo(long offset) throws IOException {
    boolean interrupted = false;
    while (true) {
      RandomAccessFile target;
      long upTo;
      synchronized (this) {
        while (true) {
          if (failure != null) {
            throw new IOException("the mempool journal failed", failure);
          }
          if (durable >= offset) {
            return interrupted;
          }
          if (!syncing) {
            break;
          }
          interrupted |= waitOnce();
        }
        writePending();
        syncing = true;
        upTo = written;
        target = file;
      }
      IOException error = null;
      try {
        target.getFD().sync();
      } catch (IOException e) {
        error = e;
      }
      synchronized (this) {
        syncing = false;
        if (error != null) {
          failure = error;
        } else {
          durable = Math.max(durable, upTo);
        }
        notifyAll();
      }
    }
  }

  /** A cheap first test: whether the journal grew past the configured compaction size. */
  synchronized boolean mayNeedCompaction() {
    return failure == null && written - writtenAtRotation > compactionBytes;
  }

  /** Whether the journal has grown enough since the last snapshot to compact it. */
  synchronized boolean needsCompaction(long poolBytes) {
    return failure == null
        && written - writtenAtRotation > Math.max(compactionBytes, 2 * poolBytes);
  }

  /**
   * Syncs and closes the current journal and starts the next generation; returns it. The caller
   * then writes the snapshot of that generation with {@link #writeSnapshot}.
   */
  synchronized long rotate() throws IOException {
    boolean interrupted = false;
    while (syncing) {
      interrupted |= waitOnce();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    long next = generation + 1;
    startJournal(next);
    return next;
  }

  /**
   * Writes the snapshot of {@code gen} atomically (temporary file, sync, rename, directory sync),
   * then deletes every file of an older generation.
   */
  void writeSnapshot(long gen, List<JournalCodec.Record> records) throws IOException {
    Path target = dir.resolve(name(gen, "snapshot"));
    Path tmp = dir.resolve(name(gen, "snapshot") + ".tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile());
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16)) {
      buffered.write(JournalCodec.SNAPSHOT_MAGIC);
      for (JournalCodec.Record record : records) {
        buffered.write(JournalCodec.encode(record));
      }
      buffered.flush();
      out.getFD().sync();
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory();
    TreeMap<Long, Path> snapshots = new TreeMap<>();
    TreeMap<Long, Path> journals = new TreeMap<>();
    scan(snapshots, journals);
    for (Path old : snapshots.headMap(gen).values()) {
      Files.deleteIfExists(old);
    }
    for (Path old : journals.headMap(gen).values()) {
      Files.deleteIfExists(old);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    boolean interrupted = false;
    while (syncing) {
      interrupted |= waitOnce();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (file != null) {
      try {
        if (failure == null) {
          writePending();
          file.getFD().sync();
          durable = written;
        }
      } finally {
        file.close();
        file = null;
        failure = failure != null ? failure : new IOException("the mempool journal is closed");
      }
    }
  }

  private void startJournal(long gen) throws IOException {
    if (file != null) {
      writePending();
      file.getFD().sync();
      durable = written;
      file.close();
    }
    Path path = dir.resolve(name(gen, "journal"));
    RandomAccessFile next = new RandomAccessFile(path.toFile(), "rw");
    next.setLength(0);
    next.write(JournalCodec.JOURNAL_MAGIC);
    next.getFD().sync();
    syncDirectory();
    file = next;
    generation = gen;
    writtenAtRotation = written;
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("directory sync not supported for {}", dir, e); // e.g. on Windows
    }
  }

  private void scan(TreeMap<Long, Path> snapshots, TreeMap<Long, Path> journals)
      throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "mempool-*")) {
      for (Path path : files) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (m.matches()) {
          long gen = Long.parseLong(m.group(1));
          (m.group(2).equals("snapshot") ? snapshots : journals).put(gen, path);
        }
      }
    }
  }

  private static boolean readFile(Path path, byte[] magic, List<JournalCodec.Record> into)
      throws IOException {
    try (InputStream raw = Files.newInputStream(path);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (!JournalCodec.readMagic(in, magic)) {
        return false;
      }
      Optional<JournalCodec.Record> record;
      while ((record = JournalCodec.read(in)).isPresent()) {
        into.add(record.get());
      }
      return true;
    }
  }

  private static long last(TreeMap<Long, Path> files) {
    return files.isEmpty() ? 0 : files.lastKey();
  }

  private static String name(long gen, String kind) {
    return String.format(Locale.ROOT, "mempool-%012d.%s", gen, kind);
  }

  /** Waits for a notification; returns whether an interrupt cut the wait short. */
  private boolean waitOnce() {
    try {
      wait();
      return false;
    } catch (InterruptedException e) {
      return true; // the flag is restored by the caller once it stops waiting
    }
  }
}
