package io.elo.node;

import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.p2p.NodeIdentity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * A node's data directory, held under an exclusive lock for the node's lifetime. Layout (see
 * docs/node.md): {@code blocks/} block files, {@code chainstate/chain.db} the MapDB UTXO store,
 * {@code mempool/} the mempool journal, {@code peers.dat} the address book, {@code bans.dat} the
 * ban list, {@code node.key} the node identity (docs/key-file.md), {@code LOCK} the lock file.
 */
final class DataDirectory implements AutoCloseable {
  static final String LOCK = "LOCK";
  static final String BLOCKS = "blocks";
  static final String CHAINSTATE = "chainstate";
  static final String CHAIN_DB = "chain.db";
  static final String MEMPOOL = "mempool";
  static final String PEERS = "peers.dat";
  static final String BANS = "bans.dat";
  static final String NODE_KEY = "node.key";

  private final Path root;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel channel, FileLock lock) {
    this.root = root;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code root} if needed and takes its lock.
   *
   * @throws IOException if the directory cannot be created or another node holds the lock
   */
  static DataDirectory lock(Path root) throws IOException {
    Files.createDirectories(root);
    Path lockFile = root.resolve(LOCK);
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another node in this JVM
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "data directory " + root + " is in use by another node (" + lockFile + " is locked)");
    }
    Files.createDirectories(root.resolve(BLOCKS));
    Files.createDirectories(root.resolve(CHAINSTATE));
    return new DataDirectory(root, channel, lock);
  }

  Path root() {
    return root;
  }

  Path blocks() {
    return root.resolve(BLOCKS);
  }

  Path chainStore() {
    return root.resolve(CHAINSTATE).resolve(CHAIN_DB);
  }

  Path mempool() {
    return root.resolve(MEMPOOL);
  }

  Path addressBook() {
    return root.resolve(PEERS);
  }

  Path banList() {
    return root.resolve(BANS);
  }

  Path nodeKey() {
    return root.resolve(NODE_KEY);
  }

  /** Reads {@code node.key}, or on first start generates a key and writes it (mode 0600). */
  NodeIdentity loadOrCreateIdentity(SecureRandom random) throws IOException {
    Path file = nodeKey();
    if (Files.exists(file)) {
      return NodeIdentity.of(KeyPair.fromPrivateKey(KeyFiles.read(file)));
    }
    NodeIdentity identity = NodeIdentity.generate(random);
    KeyFiles.write(file, identity.keyPair().privateKey());
    return identity;
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "DataDirectory{" + root + "}";
  }
}
