package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.MerkleTree;
import io.elo.model.DecodeException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable block: a header and at least one transaction.
 *
 * <p>Encoded as the header, the transaction count (varint, at least 1) and the transactions. The
 * header's Merkle root should equal {@link #computeMerkleRoot(List)} of the transactions, and the
 * first transaction should be the only coinbase; validation checks both, so a block that breaks
 * them can still be decoded and rejected with a reason.
 */
public final class Block {
  /** Largest encoded block, in bytes (32 MiB). Consensus parameters may set a smaller limit. */
  public static final int MAX_SIZE = 32 * 1024 * 1024;

  private final BlockHeader header;
  private final List<Transaction> transactions;
  private final int size;

  private Block(BlockHeader header, List<Transaction> transactions) {
    this.header = requireNonNull(header, "header");
    this.transactions = List.copyOf(transactions);
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
    return new Block(header, transactions);
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
   * Decodes exactly one block.
   *
   * @throws DecodeException if {@code bytes} is not the canonical encoding of a block
   */
  public static Block decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw Reader.fail(Reason.TOO_LARGE, 0, bytes.length + " bytes > " + MAX_SIZE);
    }
    // Parse a private copy: a caller mutating its array meanwhile cannot split what was checked
    // from what the transactions cache as their encodings.
    Reader reader = new Reader(bytes.clone());
    BlockHeader header = BlockHeader.decodeFrom(reader);
    int count = reader.count("transaction", 1, Transaction.MIN_SIZE);
    List<Transaction> transactions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      transactions.add(Transaction.decodeFrom(reader));
    }
    reader.finish();
    return new Block(header, transactions);
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

  /** Returns the canonical encoding. */
  public byte[] encode() {
    Writer writer = new Writer(size);
    header.encodeTo(writer);
    writer.varint(transactions.size());
    for (Transaction tx : transactions) {
      writer.bytes(tx.encoding());
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
