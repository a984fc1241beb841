package io.elo.validation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a {@link MapDbChainStore} next to {@code chain.db}: its write-ahead log files
 * ({@code chain.db.wal.N}), a rewrite in progress ({@code chain.db.rebuild}) and a finished one
 * waiting to replace the store ({@code chain.db.rebuilt}); docs/storage.md ("Rewrite after an
 * unclean shutdown") gives the steps and why a kill between any two of them is harmless.
 */
final class MapDbFiles {
  private MapDbFiles() {}

  /** Where a rewrite builds the new store; incomplete while this name exists. */
  static Path rebuild(Path file) {
    return file.resolveSibling(file.getFileName() + ".rebuild");
  }

  /** A complete, synced rewrite that has not yet replaced {@code file}. */
  static Path rebuilt(Path file) {
    return file.resolveSibling(file.getFileName() + ".rebuilt");
  }

  /**
   * Before MapDB opens {@code file}: finishes a rewrite that was interrupted after it completed
   * ({@link #install}) and deletes one interrupted before (the old store is still the valid one).
   */
  static void recover(Path file) throws StoreException {
    try {
      if (Files.exists(rebuilt(file))) {
        install(file);
      }
      for (Path p : siblings(rebuild(file))) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new StoreException("cannot recover an interrupted rewrite of " + file, e);
    }
  }

  /**
   * Makes the complete rewrite {@code file.rebuilt} the store: deletes {@code file}'s write-ahead
   * log files (they belong to the old file and must never be replayed into the new one), then
   * atomically renames the rewrite over {@code file} and syncs the directory. The old store must be
   * closed.
   */
  static void install(Path file) throws IOException {
    for (Path wal : walFiles(file)) {
      Files.delete(wal);
    }
    Files.move(
        rebuilt(file), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file);
  }

  /**
   * Marks a closed rewrite complete: syncs it, renames it to {@link #rebuilt}, syncs the folder.
   */
  static void complete(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(rebuild(file), StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(rebuild(file), rebuilt(file), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file);
  }

  /**
   * Deletes a rewrite in progress and its files, if any; failures are left for {@link #recover}.
   */
  static void deleteRebuild(Path file) {
    try {
      for (Path p : siblings(rebuild(file))) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // The next open deletes it.
    }
  }

  /** {@code file}'s write-ahead log files. */
  static List<Path> walFiles(Path file) throws IOException {
    String prefix = file.getFileName() + ".wal.";
    List<Path> wal = new ArrayList<>();
    for (Path p : list(file)) {
      String name = p.getFileName().toString();
      // MapDB names them NAME.wal.0, NAME.wal.1, ...; a moved-aside NAME.wal.0.corrupt-0 is not
      // one.
      if (name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+")) {
        wal.add(p);
      }
    }
    return wal;
  }

  /**
   * Moves {@code file} and its write-ahead log aside (suffix {@code .corrupt-N}, the first free N);
   * returns the new names.
   */
  static List<Path> moveAside(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    List<Path> parts = new ArrayList<>();
    if (Files.exists(file)) {
      parts.add(file);
    }
    parts.addAll(walFiles(file));
    int n = 0;
    while (Files.exists(dir.resolve(name + ".corrupt-" + n))) {
      n++;
    }
    List<Path> moved = new ArrayList<>();
    for (Path part : parts) {
      Path target = dir.resolve(part.getFileName() + ".corrupt-" + n);
      Files.move(part, target);
      moved.add(target);
    }
    return moved;
  }

  /** {@code file} itself and its write-ahead log files, those that exist. */
  private static List<Path> siblings(Path file) throws IOException {
    List<Path> parts = new ArrayList<>(walFiles(file));
    if (Files.exists(file)) {
      parts.add(file);
    }
    return parts;
  }

  private static List<Path> list(Path file) throws IOException {
    try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
      return siblings.toList();
    }
  }

  /** Makes renames in {@code file}'s folder durable (Linux; Windows cannot open a folder). */
  private static void syncDirectory(Path file) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel dir =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
