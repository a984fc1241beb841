package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.DecodeException;
import io.elo.model.DecodeException.Reason;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.TxOutput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage encodings of docs/storage.md: coins, undo records, out-point keys and the flushed
 * tip. Strict like the wire codec: minimal varints, bounded counts, no trailing bytes, so every
 * accepted encoding re-encodes to itself; malformed bytes throw {@link DecodeException}.
 */
final class StoreCodec {
  /** Out-point key: txid then the index as big-endian u32, so byte order is (txid, index) order. */
  static final int OUT_POINT_KEY_LENGTH = OutPoint.ENCODED_LENGTH;

  /** Flushed tip: block hash then height as big-endian u32. */
  static final int TIP_LENGTH = Hash.LENGTH + 4;

  /** Smallest coin encoding: two one-byte varints and the address. */
  static final int MIN_COIN_LENGTH = 2 + Hash.LENGTH;

  /** Largest coin encoding: a 5-byte and an 8-byte varint and the address. */
  static final int MAX_COIN_LENGTH = 5 + 8 + Hash.LENGTH;

  private StoreCodec() {}

  static byte[] encodeOutPoint(OutPoint outPoint) {
    ByteBuffer buf = ByteBuffer.allocate(OUT_POINT_KEY_LENGTH);
    buf.put(outPoint.txid().toBytes()).putInt(outPoint.index());
    return buf.array();
  }

  static OutPoint decodeOutPoint(byte[] key) {
    if (key.length != OUT_POINT_KEY_LENGTH) {
      throw new DecodeException(Reason.LENGTH_OUT_OF_RANGE, 0, "out-point key of " + key.length);
    }
    int index = ByteBuffer.wrap(key, Hash.LENGTH, 4).getInt();
    if (index < 0) {
      throw new DecodeException(Reason.VALUE_OUT_OF_RANGE, Hash.LENGTH, "index " + index);
    }
    return OutPoint.of(Hash.fromBytes(key, 0), index);
  }

  static byte[] encodeTip(Hash tip, Height height) {
    return ByteBuffer.allocate(TIP_LENGTH).put(tip.toBytes()).putInt(height.value()).array();
  }

  static Hash decodeTipHash(byte[] bytes) {
    checkTip(bytes);
    return Hash.fromBytes(bytes, 0);
  }

  static Height decodeTipHeight(byte[] bytes) {
    checkTip(bytes);
    int height = ByteBuffer.wrap(bytes, Hash.LENGTH, 4).getInt();
    if (height < 0) {
      throw new DecodeException(Reason.VALUE_OUT_OF_RANGE, Hash.LENGTH, "height " + height);
    }
    return Height.of(height);
  }

  private static void checkTip(byte[] bytes) {
    if (bytes.length != TIP_LENGTH) {
      throw new DecodeException(Reason.LENGTH_OUT_OF_RANGE, 0, "tip of " + bytes.length);
    }
  }

  static byte[] encodeCoin(Coin coin) {
    ByteBuffer buf = ByteBuffer.allocate(MAX_COIN_LENGTH);
    writeCoin(buf, coin);
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  static Coin decodeCoin(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    Coin coin = readCoin(buf);
    finish(buf);
    return coin;
  }

  static byte[] encodeUndo(BlockUndo undo) {
    ByteBuffer buf = ByteBuffer.allocate(5 + undo.size() * MAX_COIN_LENGTH);
    writeVarint(buf, undo.size());
    for (Coin coin : undo.coins()) {
      writeCoin(buf, coin);
    }
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  static BlockUndo decodeUndo(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int at = buf.position();
    long count = readVarint(buf, 0xFFFF_FFFFL);
    // Bound before allocating: each coin takes at least MIN_COIN_LENGTH bytes.
    if (count > BlockUndo.MAX_COINS || count > buf.remaining() / MIN_COIN_LENGTH) {
      throw new DecodeException(Reason.COUNT_OUT_OF_RANGE, at, count + " coins");
    }
    List<Coin> coins = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      coins.add(readCoin(buf));
    }
    finish(buf);
    return BlockUndo.of(coins);
  }

  /** Bytes a coin's encoding takes, for cache accounting without encoding it. */
  static int coinLength(Coin coin) {
    return varintLength(code(coin)) + varintLength(coin.amount().atoms()) + Hash.LENGTH;
  }

  private static long code(Coin coin) {
    return ((long) coin.height().value() << 1) | (coin.coinbase() ? 1 : 0);
  }

  private static void writeCoin(ByteBuffer buf, Coin coin) {
    writeVarint(buf, code(coin));
    writeVarint(buf, coin.amount().atoms());
    buf.put(coin.address().hash().toBytes());
  }

  private static Coin readCoin(ByteBuffer buf) {
    long code = readVarint(buf, 0xFFFF_FFFFL);
    int amountAt = buf.position();
    long atoms = readVarint(buf, Long.MAX_VALUE);
    if (!Amount.isValidAtoms(atoms)) {
      throw new DecodeException(Reason.AMOUNT_OUT_OF_RANGE, amountAt, atoms + " atoms");
    }
    if (buf.remaining() < Hash.LENGTH) {
      throw new DecodeException(Reason.TRUNCATED, buf.position(), "address");
    }
    byte[] address = new byte[Hash.LENGTH];
    buf.get(address);
    TxOutput output = TxOutput.of(Amount.ofAtoms(atoms), Address.of(Hash.fromBytes(address)));
    return Coin.of(output, Height.of((int) (code >>> 1)), (code & 1) == 1);
  }

  private static void finish(ByteBuffer buf) {
    if (buf.hasRemaining()) {
      throw new DecodeException(Reason.TRAILING_BYTES, buf.position(), buf.remaining() + " bytes");
    }
  }

  static int varintLength(long value) {
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  /** Unsigned LEB128: seven bits per byte, least significant group first. */
  static void writeVarint(ByteBuffer buf, long value) {
    while ((value & ~0x7FL) != 0) {
      buf.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    buf.put((byte) value);
  }

  /** Reads a minimal unsigned LEB128 varint of at most {@code max}. */
  static long readVarint(ByteBuffer buf, long max) {
    int at = buf.position();
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      if (!buf.hasRemaining()) {
        throw new DecodeException(Reason.TRUNCATED, buf.position(), "varint");
      }
      int b = buf.get() & 0xFF;
      if (shift == 63 && b > 1) {
        throw new DecodeException(Reason.VARINT_OVERFLOW, at, "varint exceeds 64 bits");
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new DecodeException(Reason.NON_MINIMAL_VARINT, at, "trailing zero group");
        }
        if (Long.compareUnsigned(value, max) > 0) {
          throw new DecodeException(Reason.VARINT_OVERFLOW, at, "varint exceeds " + max);
        }
        return value;
      }
    }
  }
}
