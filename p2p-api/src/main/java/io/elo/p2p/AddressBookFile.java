package io.elo.p2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.internal.proto.AddressBookEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The address book file: a protobuf {@code AddressBookFile} (version 1) holding the bucketing key
 * and every entry with its history and new buckets, written atomically by {@link AtomicFile}.
 * Restoring with the same key puts every entry back in the same buckets and positions.
 */
final class AddressBookFile {
  static final int VERSION = 1;

  private AddressBookFile() {}

  /** Encodes the whole book. */
  static byte[] encode(AddressBook book) {
    io.elo.p2p.internal.proto.AddressBookFile.Builder file =
        io.elo.p2p.internal.proto.AddressBookFile.newBuilder()
            .setVersion(VERSION)
            .setKey(ByteString.copyFrom(book.buckets().key()));
    for (AddressEntry entry : book.all) {
      AddressBookEntry.Builder proto =
          AddressBookEntry.newBuilder()
              .setIp(ByteString.copyFrom(entry.address.ipBytes()))
              .setPort(entry.address.port())
              .setSourceIp(ByteString.copyFrom(entry.source.getAddress()))
              .setTimestampMillis(entry.timestamp)
              .setLastTryMillis(entry.lastTry)
              .setLastCountAttemptMillis(entry.lastCountAttempt)
              .setLastSuccessMillis(entry.lastSuccess)
              .setAttempts(entry.attempts)
              .setTried(entry.tried)
              .addAllNewBuckets(book.newBucketsOf(entry.address));
      entry.nodeId.ifPresent(id -> proto.setNodeId(ByteString.copyFrom(id.toBytes())));
      file.addEntries(proto);
    }
    return file.build().toByteArray();
  }

  /**
   * Decodes a book.
   *
   * @throws IOException if the bytes are not a version-1 address book
   */
  static AddressBook decode(byte[] bytes, NetGroups netGroups, Random random) throws IOException {
    io.elo.p2p.internal.proto.AddressBookFile file;
    try {
      file = io.elo.p2p.internal.proto.AddressBookFile.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt address book", e);
    }
    if (file.getVersion() != VERSION || file.getKey().size() != AddressBook.KEY_LENGTH) {
      throw new IOException("unsupported address book version " + file.getVersion());
    }
    AddressBook book = new AddressBook(file.getKey().toByteArray(), netGroups, random);
    for (AddressBookEntry proto : file.getEntriesList()) {
      try {
        PeerAddress address = PeerAddress.fromBytes(proto.getIp().toByteArray(), proto.getPort());
        InetAddress source = InetAddress.getByAddress(proto.getSourceIp().toByteArray());
        Optional<NodeId> nodeId =
            proto.getNodeId().isEmpty()
                ? Optional.empty()
                : Optional.of(NodeId.fromBytes(proto.getNodeId().toByteArray()));
        AddressEntry entry = new AddressEntry(address, nodeId, source, netGroups.netGroup(source));
        entry.timestamp = proto.getTimestampMillis();
        entry.lastTry = proto.getLastTryMillis();
        entry.lastCountAttempt = proto.getLastCountAttemptMillis();
        entry.lastSuccess = proto.getLastSuccessMillis();
        entry.attempts = proto.getAttempts();
        entry.tried = proto.getTried();
        book.restore(entry, List.copyOf(proto.getNewBucketsList()));
      } catch (IllegalArgumentException | UnknownHostException e) {
        throw new IOException("corrupt address book entry", e);
      }
    }
    return book;
  }

  /** Reads {@code file}, or returns empty if it does not exist. */
  static Optional<AddressBook> read(Path file, NetGroups netGroups, Random random)
      throws IOException {
    try {
      return Optional.of(decode(Files.readAllBytes(file), netGroups, random));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces {@code file} with {@code book}, atomically. */
  static void write(Path file, AddressBook book) throws IOException {
    AtomicFile.write(file, encode(book));
  }
}
