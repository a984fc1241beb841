package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import io.elo.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The message a signature of one transaction input signs: 112 bytes committing to the chain, the
 * transaction and every amount it spends.
 *
 * <p>Layout: the ASCII domain tag {@code "ELO/txsig/v1"} (12 bytes), the chain's genesis hash (32),
 * the txid (32: version, every out-point, every output and the lock time), the input index (u32,
 * little-endian) and the spent-amounts digest (32): {@code sha256d} of every spent output's amount
 * as a little-endian u64, in input order. Changing any of these invalidates every signature of the
 * transaction; the signature itself is not covered (it is outside the txid).
 */
public final class SigningMessage {
  /** Length of every signing message, in bytes. */
  public static final int LENGTH = 112;

  private static final byte[] TAG = "ELO/txsig/v1".getBytes(StandardCharsets.US_ASCII);

  private SigningMessage() {}

  /**
   * Returns the message input {@code inputIndex} of {@code tx} signs.
   *
   * @param genesisHash the hash of the chain's genesis block
   * @param tx a non-coinbase transaction (witnesses are ignored)
   * @param inputIndex the input, from 0
   * @param spentAmounts the amount of the output each input spends, one per input in order
   * @throws IllegalArgumentException if {@code tx} is a coinbase or the amounts do not match the
   *     inputs
   * @throws IndexOutOfBoundsException if {@code inputIndex} is not an input of {@code tx}
   */
  public static byte[] of(
      Hash genesisHash, Transaction tx, int inputIndex, List<Amount> spentAmounts) {
    Hash digest = spentAmountsDigest(tx, spentAmounts);
    checkElementIndex(inputIndex, tx.inputs().size(), "input index");
    return build(genesisHash, tx.txid(), inputIndex, digest);
  }

  /**
   * Returns the messages of every input of {@code tx}, in input order, hashing the amounts once.
   *
   * @throws IllegalArgumentException if {@code tx} is a coinbase or the amounts do not match the
   *     inputs
   */
  public static List<byte[]> ofAll(Hash genesisHash, Transaction tx, List<Amount> spentAmounts) {
    Hash digest = spentAmountsDigest(tx, spentAmounts);
    Hash txid = tx.txid();
    List<byte[]> messages = new ArrayList<>(tx.inputs().size());
    for (int i = 0; i < tx.inputs().size(); i++) {
      messages.add(build(genesisHash, txid, i, digest));
    }
    return messages;
  }

  private static Hash spentAmountsDigest(Transaction tx, List<Amount> spentAmounts) {
    checkArgument(!tx.isCoinbase(), "a coinbase has no signatures");
    checkArgument(
        spentAmounts.size() == tx.inputs().size(),
        "%s spent amounts for %s inputs",
        spentAmounts.size(),
        tx.inputs().size());
    Writer writer = new Writer(8 * spentAmounts.size());
    for (Amount amount : spentAmounts) {
      writer.u64(amount.atoms());
    }
    return Hash.sha256d(writer.finish());
  }

  private static byte[] build(Hash genesisHash, Hash txid, int inputIndex, Hash amountsDigest) {
    return new Writer(LENGTH)
        .bytes(TAG)
        .hash(genesisHash)
        .hash(txid)
        .u32(inputIndex)
        .hash(amountsDigest)
        .finish();
  }
}
