package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.elo.crypto.Hash;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.TxMessage;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The transaction relay messages decode strictly: anything malformed is a protocol violation. */
class WireTxPropertyTest {
  @Provide
  Arbitrary<List<byte[]>> entries() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMinSize(0)
        .ofMaxSize(40)
        .list()
        .ofMinSize(0)
        .ofMaxSize(8);
  }

  @Property(tries = 10000)
  void wtxidLists_decodeExactlyWhenEveryEntryIs32Bytes_andTheCountIsInRange(
      @ForAll("entries") List<byte[]> entries) throws ProtocolViolation {
    List<ByteString> list = new ArrayList<>();
    entries.forEach(e -> list.add(ByteString.copyFrom(e)));
    boolean valid = !entries.isEmpty() && entries.stream().allMatch(e -> e.length == Hash.LENGTH);
    if (valid) {
      List<Hash> hashes = Wire.wtxids(list, "InvTx");
      assertEquals(entries.size(), hashes.size());
    } else {
      ProtocolViolation v =
          assertThrows(ProtocolViolation.class, () -> Wire.wtxids(list, "InvTx"));
      assertEquals(Severity.SERIOUS, v.severity());
    }
  }

  @Property(tries = 10000)
  void txMessages_decodeOnlyCanonicalTransactions(@ForAll @Size(max = 300) byte[] bytes) {
    TxMessage message = TxMessage.newBuilder().setTransaction(ByteString.copyFrom(bytes)).build();
    Transaction tx;
    try {
      tx = Wire.transaction(message);
    } catch (ProtocolViolation v) {
      assertEquals(Severity.SERIOUS, v.severity());
      return;
    }
    assertEquals(ByteString.copyFrom(bytes), ByteString.copyFrom(tx.encode()));
  }

  @Property(tries = 10000)
  void arbitraryPayloads_parseOrFailWithAViolation(@ForAll @Size(max = 200) byte[] payload) {
    try {
      ChainMessage m = Wire.parse(payload);
      if (m.hasInvTx()) {
        Wire.wtxids(m.getInvTx().getWtxidsList(), "InvTx");
      } else if (m.hasTx()) {
        Wire.transaction(m.getTx());
      }
    } catch (ProtocolViolation v) {
      assertEquals(Severity.SERIOUS, v.severity());
    }
  }

  @Property(tries = 200)
  void oversizeInventories_areRejected(@ForAll @IntRange(min = 1001, max = 1100) int count) {
    List<ByteString> list = new ArrayList<>();
    ByteString one = ByteString.copyFrom(new byte[Hash.LENGTH]);
    for (int i = 0; i < count; i++) {
      list.add(one);
    }
    assertThrows(ProtocolViolation.class, () -> Wire.wtxids(list, "InvTx"));
  }
}
