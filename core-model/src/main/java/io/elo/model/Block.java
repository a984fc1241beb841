package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.MerkleTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable block: a header and at least one transaction.
 *
 * <p>Encoded as the header, the transaction count (varint, at least 1) and the transactions. The
 * header's Merkle root should equal {@link #computeMerkleRoot(List)} of the transactions, and the
 * first transaction should be the only coinbase; validation checks both, so a block that breaks
 * them can still be decoded and rejected with a reason.
 *
 * <p>A decoded block keeps the bytes it was decoded from as its encoding, and its transactions keep
 * their ranges of those bytes: it is hashed, stored and relayed as it arrived, never re-encoded.
 * That is safe because decoding accepts only the canonical encoding ({@code encode(decode(b))}
 * equals {@code b}).
 */
public final class Block {
  /** Largest encoded block, in bytes (32 MiB). Consensus parameters may set a smaller limit. */
  public static final int MAX_SIZE = 32 * 1024 * 1024;

  private final BlockHeader header;
  private final List<Transaction> transactions;
  private final int size;
  // The encoding as decoded (see Encoding), indexed from 0; null for a built block.
  private final ByteBuffer source;

  private Block(BlockHeader header, List<Transaction> transactions, ByteBuffer source) {
    this.header = requireNonNull(header, "header");
    this.transactions = source != null ? transactions : List.copyOf(transactions);
    this.source = source;
    checkArgument(!this.transactions.isEmpty(), "a block needs at least one transaction");
    long total = (long) header.size() + Writer.varintSize(this.transactions.size());
    for (Transaction tx : this.transactions) {
      total += tx.size();
    }
    checkArgument(total <= MAX_SIZE, "block of %s bytes exceeds %s", total, MAX_SIZE);
    this.size = (int) total;
  }

  /**
   * Returns the block of {@code header} and {@code transactions}.
   *
   * @throws IllegalArgumentException if there is no transaction or the encoding would exceed {@link
   *     #MAX_SIZE}
   */
  public static Block of(BlockHeader header, List<Transaction> transactions) {
    return new Block(header, transactions, null);
  }

  /**
   * Returns the Merkle root committing to {@code transactions}: the RFC 6962 tree over their wtxids
   * in order, so the root covers every signature.
   *
   * @throws IllegalArgumentException if {@code transactions} is empty
   */
  public static Hash computeMerkleRoot(List<Transaction> transactions) {
    checkArgument(!transactions.isEmpty(), "no transactions");
    List<Hash> wtxids = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      wtxids.add(tx.wtxid());
    }
    return MerkleTree.root(wtxids);
  }

  /**
   * Decodes exactly one block from a copy of {@code bytes}.
   *
   * @throws DecodeException if {@code bytes} is not the canonical encoding of a block
   */
  public static Block decode(byte[] bytes) {
    Reader.checkSize(bytes.length, MAX_SIZE);
    // A private copy: a caller mutating its array meanwhile cannot split what was checked from
    // what the block keeps as its encoding.
    return decodeKept(ByteBuffer.wrap(bytes.clone()));
  }

  /**
   * Decodes exactly one block from the remaining bytes of {@code bytes}, leaving its position
   * unchanged. A read-only buffer is kept as the block's encoding without copying (and the
   * transactions keep ranges of it): whoever made it promises that the bytes behind it never change
   * (the payload views the p2p layer delivers keep that promise, see {@code
   * ProtocolHandler.onMessage(Peer, ByteBuffer)}). Any other buffer is copied first.
   *
   * @throws DecodeException if the bytes are not the canonical encoding of a block
   */
  public static Block decode(ByteBuffer bytes) {
    Reader.checkSize(bytes.remaining(), MAX_SIZE);
    return decodeKept(Encoding.adopt(bytes));
  }

  private static Block decodeKept(ByteBuffer kept) {
    Reader reader = new Reader(kept);
    BlockHeader header = BlockHeader.decodeFrom(reader);
    int count = reader.count("transaction", 1, Transaction.MIN_SIZE);
    Transaction[] transactions = new Transaction[count];
    for (int i = 0; i < count; i++) {
      transactions[i] = Transaction.decodeFrom(reader);
    }
    reader.finish();
    Block block = new Block(header, Encoding.listOf(transactions, count), reader.data());
    // The kept bytes are the encoding only because decoding is canonical; never keep others.
    checkState(
        block.size == kept.remaining(),
        "decoded %s bytes, encoding has %s",
        kept.remaining(),
        block.size);
    return block;
  }

  /** Returns the header. */
  public BlockHeader header() {
    return header;
  }

  /** Returns the transactions in block order. */
  public List<Transaction> transactions() {
    return transactions;
  }

  /** Returns the block hash, which is the header's hash. */
  public Hash hash() {
    return header.hash();
  }

  /** Returns the length of the encoding, in bytes. */
  public int size() {
    return size;
  }

  /** Returns the canonical encoding (a fresh copy). */
  public byte[] encode() {
    if (source != null) {
      return Encoding.copy(source, 0, size);
    }
    return write();
  }

  /**
   * Returns the canonical encoding as a read-only view: the bytes the block was decoded from,
   * without copying, or a fresh encoding of a built block. For callers that only write or hash the
   * bytes (the block store, relay).
   */
  public ByteBuffer encodedView() {
    if (source != null) {
      return Encoding.view(source, 0, size);
    }
    return ByteBuffer.wrap(write()).asReadOnlyBuffer();
  }

  private byte[] write() {
    Writer writer = new Writer(size);
    header.encodeTo(writer);
    writer.varint(transactions.size());
    for (Transaction tx : transactions) {
      tx.encodeTo(writer);
    }
    return writer.finish();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block other
        && header.equals(other.header)
        && transactions.equals(other.transactions);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + transactions.hashCode();
  }

  @Override
  public String toString() {
    return "Block{hash="
        + hash()
        + ", transactions="
        + transactions.size()
        + ", size="
        + size
        + "}";
  }
}
