package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Deterministic coins, out-points and blocks for store tests, exported in the test-jar: the same
 * seed always gives the same value, so a state can be recomputed from a few numbers.
 */
public final class StoreFixtures {
  private StoreFixtures() {}

  /** A hash determined by {@code parts}. */
  public static Hash hash(long... parts) {
    ByteBuffer buf = ByteBuffer.allocate(8 * parts.length);
    for (long part : parts) {
      buf.putLong(part);
    }
    return Hash.sha256(buf.array());
  }

  /** Out-point {@code index} of the transaction determined by {@code tx}. */
  public static OutPoint outPoint(long tx, int index) {
    return OutPoint.of(hash(1, tx), index);
  }

  /** A coin determined by {@code seed}. */
  public static Coin coin(long seed) {
    Amount amount = Amount.ofAtoms(Math.floorMod(seed * 7919, Amount.MAX_MONEY_ATOMS) + 1);
    TxOutput output = TxOutput.of(amount, Address.of(hash(2, seed)));
    return Coin.of(output, Height.of((int) Math.floorMod(seed, 1_000_000)), seed % 5 == 0);
  }

  /** An undo record of {@code count} coins determined by {@code seed}. */
  public static BlockUndo undo(long seed, int count) {
    List<Coin> coins = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      coins.add(coin(seed * 1000 + i));
    }
    return BlockUndo.of(coins);
  }

  /**
   * A block at {@code height} on {@code parent} whose coinbase has {@code outputs} outputs, about
   * {@code 40 * outputs + 200} bytes.
   */
  public static Block block(Hash parent, int height, int outputs) {
    List<TxOutput> out = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      out.add(TxOutput.of(Amount.ofAtoms(i + 1L), Address.of(hash(3, height, i))));
    }
    Transaction coinbase = Transaction.coinbase(Height.of(height), new byte[] {1, 2, 3}, out);
    List<Transaction> txs = List.of(coinbase);
    BlockHeader header =
        BlockHeader.of(1, parent, Block.computeMerkleRoot(txs), 1_700_000_000L + height, 0, 0);
    return Block.of(header, txs);
  }

  /** A chain of {@code count} blocks from a zero parent, each with {@code outputs} outputs. */
  public static List<Block> chain(int count, int outputs) {
    List<Block> blocks = new ArrayList<>();
    Hash parent = Hash.ZERO;
    for (int i = 0; i < count; i++) {
      Block b = block(parent, i, outputs);
      blocks.add(b);
      parent = b.hash();
    }
    return blocks;
  }

  /** Any coin, heights and amounts including their bounds. */
  public static Arbitrary<Coin> coins() {
    return Combinators.combine(
            Arbitraries.longs().between(0, Amount.MAX_MONEY_ATOMS),
            Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.of(true, false))
        .as(
            (atoms, address, height, coinbase) ->
                Coin.of(
                    TxOutput.of(Amount.ofAtoms(atoms), Address.of(Hash.fromBytes(address))),
                    Height.of(height),
                    coinbase));
  }

  /** Any undo record of up to 8 coins. */
  public static Arbitrary<BlockUndo> undos() {
    return coins().list().ofMaxSize(8).map(BlockUndo::of);
  }
}
