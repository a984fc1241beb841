package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.p2p.internal.proto.RecordBody;
import io.elo.p2p.internal.proto.SignedRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final SimulatedNetwork sim = SimulatedNetwork.create(11);
  private final NodeIdentity self = sim.newIdentity();

  /** Identities whose ids fall in the farthest bucket (255) of {@link #self}, distinct hosts. */
  private List<NodeRecord> farRecords(int count) {
    List<NodeRecord> records = new ArrayList<>();
    while (records.size() < count) {
      NodeIdentity identity = sim.newIdentity();
      if (self.nodeId().distance(identity.nodeId()).logDistance() == 256) {
        records.add(NodeRecord.create(identity, new PeerAddress(sim.newHost(), 9000), 1));
      }
    }
    return records;
  }

  @Test
  void bucket_holdsSixteen_andAsksForALivenessCheckBeforeReplacing() {
    RoutingTable table = new RoutingTable(self.nodeId(), NetGroups.standard());
    List<NodeRecord> records = farRecords(18);
    for (int i = 0; i < 16; i++) {
      assertEquals(RoutingTable.Outcome.ADDED, table.add(records.get(i)).outcome());
    }
    RoutingTable.AddResult full = table.add(records.get(16));
    assertEquals(RoutingTable.Outcome.CACHED, full.outcome());
    assertEquals(Optional.of(records.get(0)), full.checkLiveness(), "oldest entry is checked");
    assertEquals(
        Optional.empty(), table.add(records.get(17)).checkLiveness(), "one check at a time");
    assertEquals(16, table.bucket(255).size());
    assertEquals(List.of(records.get(16), records.get(17)), table.replacements(255));

    table.onLivenessResult(records.get(0).nodeId(), true);
    assertTrue(table.get(records.get(0).nodeId()).isPresent(), "a live entry is never dropped");
    assertFalse(table.get(records.get(16).nodeId()).isPresent());
    assertEquals(records.get(0), table.bucket(255).get(15), "and becomes most recently seen");

    RoutingTable.AddResult again = table.add(records.get(16));
    NodeRecord checked = again.checkLiveness().orElseThrow();
    table.onLivenessResult(checked.nodeId(), false);
    assertFalse(table.get(checked.nodeId()).isPresent());
    assertTrue(table.get(records.get(16).nodeId()).isPresent(), "most recent replacement moves in");
    assertEquals(16, table.bucket(255).size());
  }

  @Test
  void bucket_limitsEntriesPerSlash24() throws Exception {
    RoutingTable table = new RoutingTable(self.nodeId(), NetGroups.standard());
    InetAddress base = sim.newHost();
    byte[] b = base.getAddress();
    int added = 0;
    int refused = 0;
    for (int i = 0; i < 4; ) {
      NodeIdentity identity = sim.newIdentity();
      if (self.nodeId().distance(identity.nodeId()).logDistance() != 256) {
        continue;
      }
      InetAddress ip = InetAddress.getByAddress(new byte[] {b[0], b[1], b[2], (byte) (10 + i)});
      RoutingTable.Outcome outcome =
          table.add(NodeRecord.create(identity, new PeerAddress(ip, 9000), 1)).outcome();
      added += outcome == RoutingTable.Outcome.ADDED ? 1 : 0;
      refused += outcome == RoutingTable.Outcome.SUBNET_LIMIT ? 1 : 0;
      i++;
    }
    assertEquals(RoutingTable.BUCKET_SUBNET_LIMIT, added);
    assertEquals(4 - RoutingTable.BUCKET_SUBNET_LIMIT, refused);
  }

  @Test
  void bucket_exemptAddressesHaveNoSubnetLimit() throws Exception {
    RoutingTable table = new RoutingTable(self.nodeId(), NetGroups.exemptingLocal());
    int added = 0;
    for (int i = 0; i < 5; ) {
      NodeIdentity identity = sim.newIdentity();
      if (self.nodeId().distance(identity.nodeId()).logDistance() != 256) {
        continue;
      }
      PeerAddress local = PeerAddress.of("127.0.0.1", 9000 + i);
      added +=
          table.add(NodeRecord.create(identity, local, 1)).outcome() == RoutingTable.Outcome.ADDED
              ? 1
              : 0;
      i++;
    }
    assertEquals(5, added);
  }

  @Test
  void record_withOlderOrEqualSequence_isIgnored_andNewerReplaces() {
    RoutingTable table = new RoutingTable(self.nodeId(), NetGroups.standard());
    NodeIdentity node = sim.newIdentity();
    PeerAddress first = new PeerAddress(sim.newHost(), 9000);
    PeerAddress moved = new PeerAddress(sim.newHost(), 9000);
    table.add(NodeRecord.create(node, first, 5));
    assertEquals(
        RoutingTable.Outcome.STALE, table.add(NodeRecord.create(node, moved, 4)).outcome());
    assertEquals(
        RoutingTable.Outcome.STALE, table.add(NodeRecord.create(node, moved, 5)).outcome());
    assertEquals(first, table.get(node.nodeId()).orElseThrow().address());
    assertEquals(
        RoutingTable.Outcome.UPDATED, table.add(NodeRecord.create(node, moved, 6)).outcome());
    assertEquals(moved, table.get(node.nodeId()).orElseThrow().address());
    assertEquals(RoutingTable.Outcome.SELF, table.add(NodeRecord.create(self, first, 1)).outcome());
  }

  @Test
  void closest_ordersByXorDistance() {
    RoutingTable table = new RoutingTable(self.nodeId(), NetGroups.standard());
    List<NodeRecord> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      NodeRecord record =
          NodeRecord.create(sim.newIdentity(), new PeerAddress(sim.newHost(), 9000), 1);
      if (table.add(record).outcome() == RoutingTable.Outcome.ADDED) {
        all.add(record);
      }
    }
    NodeId target = sim.newIdentity().nodeId();
    List<NodeRecord> closest = table.closest(target, 5);
    all.sort(java.util.Comparator.comparing(r -> r.nodeId().distance(target)));
    assertEquals(all.subList(0, 5), closest);
  }

  @Test
  void record_roundTripsAndVerifies() {
    NodeIdentity node = sim.newIdentity();
    NodeRecord record = NodeRecord.create(node, new PeerAddress(sim.newHost(), 9000), 7);
    NodeRecord decoded = NodeRecord.decode(record.toProto());
    assertEquals(record, decoded);
    assertEquals(node.nodeId(), decoded.nodeId());
    assertEquals(7, decoded.sequence());
    assertEquals(record.hashCode(), decoded.hashCode());
  }

  @Test
  void record_forgedForAnotherNode_isRejected() {
    NodeIdentity victim = sim.newIdentity();
    NodeIdentity forger = sim.newIdentity();
    // The forger claims the victim's key (so the victim's id) at its own address, signing with its
    // own key: the signature does not verify under the victim's key.
    byte[] body =
        RecordBody.newBuilder()
            .setKeyScheme(victim.publicKey().scheme().id())
            .setPublicKey(ByteString.copyFrom(victim.publicKey().toBytes()))
            .setIp(ByteString.copyFrom(sim.newHost().getAddress()))
            .setPort(9000)
            .setSequence(99)
            .build()
            .toByteArray();
    byte[] signature =
        forger.sign(com.google.common.primitives.Bytes.concat(NodeRecord.DOMAIN, body));
    SignedRecord forged =
        SignedRecord.newBuilder()
            .setBody(ByteString.copyFrom(body))
            .setSignature(ByteString.copyFrom(signature))
            .build();
    assertThrows(FrameException.class, () -> NodeRecord.decode(forged));
    assertFalse(NodeRecord.parse(forged).verifySignature());
  }

  @Test
  void record_withTamperedAddress_isRejected() {
    NodeRecord record =
        NodeRecord.create(sim.newIdentity(), new PeerAddress(sim.newHost(), 9000), 1);
    RecordBody body;
    try {
      body = RecordBody.parseFrom(record.toProto().getBody());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    SignedRecord tampered =
        record.toProto().toBuilder()
            .setBody(body.toBuilder().setPort(9001).build().toByteString())
            .build();
    assertThrows(FrameException.class, () -> NodeRecord.decode(tampered));
    assertThrows(
        FrameException.class,
        () ->
            NodeRecord.decode(
                SignedRecord.newBuilder().setBody(ByteString.copyFromUtf8("x")).build()));
  }
}
