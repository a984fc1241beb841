package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.Headers;
import io.elo.validation.TestChainBuilder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
  private static final TestChainBuilder CHAIN = TestChainBuilder.regtest();

  private static List<BlockHeader> headers(int count) {
    List<BlockHeader> out = new ArrayList<>();
    for (Block b : CHAIN.extend(CHAIN.genesis(), count)) {
      out.add(b.header());
    }
    return out;
  }

  private static Headers message(List<BlockHeader> headers) throws ProtocolViolation {
    return Wire.parse(Wire.headers(headers)).getHeaders();
  }

  @Test
  void headers_roundTrip() throws Exception {
    List<BlockHeader> chain = headers(5);
    assertEquals(chain, Wire.headers(message(chain)));
  }

  @Test
  void headers_rejectsMoreThan2000() throws Exception {
    BlockHeader h = CHAIN.genesis().header();
    Headers big =
        Headers.newBuilder()
            .addAllHeaders(Collections.nCopies(2001, ByteString.copyFrom(h.encode())))
            .build();
    ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> Wire.headers(big));
    assertEquals(Severity.SERIOUS, v.severity());
  }

  @Test
  void headers_rejectsABrokenChain() throws Exception {
    List<BlockHeader> chain = new ArrayList<>(headers(3));
    Collections.swap(chain, 1, 2);
    Headers message = message(chain);
    assertThrows(ProtocolViolation.class, () -> Wire.headers(message));
  }

  @Test
  void headers_rejectsUndecodableHeader() {
    Headers message = Headers.newBuilder().addHeaders(ByteString.copyFrom(new byte[7])).build();
    assertThrows(ProtocolViolation.class, () -> Wire.headers(message));
  }

  @Test
  void parse_rejectsGarbage() {
    assertThrows(ProtocolViolation.class, () -> Wire.parse(new byte[] {(byte) 0xff, 0x01}));
  }

  @Test
  void parse_acceptsUnknownIdsAsUnknownKind() throws Exception {
    // Field 17 (free for later messages) as an empty length-delimited field: tag 0x8a 0x01.
    ChainMessage m = Wire.parse(new byte[] {(byte) 0x8a, 0x01, 0});
    assertEquals(ChainMessage.KindCase.KIND_NOT_SET, m.getKindCase());
  }

  @Test
  void hashes_enforceCountAndLength() throws Exception {
    ByteString ok = ByteString.copyFrom(Hash.ZERO.toBytes());
    assertEquals(1, Wire.hashes(List.of(ok), 16, "x").size());
    assertThrows(ProtocolViolation.class, () -> Wire.hashes(List.of(), 16, "x"));
    assertThrows(
        ProtocolViolation.class, () -> Wire.hashes(Collections.nCopies(17, ok), 16, "x"));
    assertThrows(
        ProtocolViolation.class,
        () -> Wire.hashes(List.of(ByteString.copyFrom(new byte[31])), 16, "x"));
  }

  @Test
  void work_isMinimalUnsignedBigEndian() throws Exception {
    ChainWork work = ChainWork.of(BigInteger.valueOf(0x80_00));
    assertArrayEquals(new byte[] {(byte) 0x80, 0}, Wire.encodeWork(work));
    assertEquals(work, Wire.work(ByteString.copyFrom(Wire.encodeWork(work))));
    assertEquals(0, Wire.encodeWork(ChainWork.ZERO).length);
    assertThrows(ProtocolViolation.class, () -> Wire.work(ByteString.copyFrom(new byte[] {0, 1})));
    assertThrows(ProtocolViolation.class, () -> Wire.work(ByteString.copyFrom(new byte[34])));
  }
}
