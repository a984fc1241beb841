package io.elo.p2p;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.p2p.internal.proto.BanEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ban list snapshot file: a protobuf {@code BanList}, written atomically (temporary file in
 * the same directory, fsync, rename over the old file, fsync of the directory where supported).
 */
final class BanListFile {
  private BanListFile() {}

  /** Reads the bans in {@code file}; an absent file holds none. */
  static List<Ban> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    io.elo.p2p.internal.proto.BanList list;
    try {
      list = io.elo.p2p.internal.proto.BanList.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt ban list " + file, e);
    }
    List<Ban> bans = new ArrayList<>();
    for (BanEntry entry : list.getBansList()) {
      bans.add(fromEntry(entry, file));
    }
    return bans;
  }

  /** Replaces {@code file} with the given bans, atomically. */
  static void write(Path file, List<Ban> bans) throws IOException {
    io.elo.p2p.internal.proto.BanList.Builder list = io.elo.p2p.internal.proto.BanList.newBuilder();
    for (Ban ban : bans) {
      BanEntry.Builder entry =
          BanEntry.newBuilder()
              .setUntilEpochMillis(ban.until().toEpochMilli())
              .setReason(ban.reason());
      ban.ip().ifPresent(ip -> entry.setIp(ByteString.copyFrom(ip.getAddress())));
      ban.nodeId().ifPresent(id -> entry.setNodeId(ByteString.copyFrom(id.toBytes())));
      list.addBans(entry);
    }
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = dir.resolve(absolute.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(list.build().toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
    }
  }

  private static Ban fromEntry(BanEntry entry, Path file) throws IOException {
    try {
      Optional<InetAddress> ip =
          entry.getIp().isEmpty()
              ? Optional.empty()
              : Optional.of(InetAddress.getByAddress(entry.getIp().toByteArray()));
      Optional<NodeId> nodeId =
          entry.getNodeId().isEmpty()
              ? Optional.empty()
              : Optional.of(NodeId.fromBytes(entry.getNodeId().toByteArray()));
      return new Ban(
          ip, nodeId, Instant.ofEpochMilli(entry.getUntilEpochMillis()), entry.getReason());
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IOException("corrupt ban entry in " + file, e);
    }
  }
}
