package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.validation.TestChainBuilder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RestServerTest {
  private static final HexFormat HEX = HexFormat.of();

  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final Address payee = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());
  private RestNode rest;
  private List<Block> blocks;

  @BeforeEach
  void start() throws Exception {
    rest = RestNode.start();
    blocks = chain.extend(chain.genesis(), 12);
    rest.submit(blocks);
  }

  @AfterEach
  void stop() {
    rest.close();
  }

  private String text(Address address) {
    return address.toText(chain.params().addressPrefix());
  }

  private Transaction payment() {
    return chain.spendCoinbase(blocks.get(0), payee, Amount.ofCoins(1));
  }

  private static String submitBody(Transaction tx) {
    return "{\"hex\":\"" + HEX.formatHex(tx.encode()) + "\"}";
  }

  @Test
  void status_reportsTipPeersAndMempool() throws Exception {
    RestNode.Reply reply = rest.get("/api/v1/status");
    assertEquals(200, reply.status());
    assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
    JsonObject status = reply.json();
    assertEquals("regtest", status.get("network").getAsString());
    assertEquals(12, status.get("height").getAsInt());
    assertEquals(blocks.get(11).hash().toHex(), status.get("tipHash").getAsString());
    assertEquals(rest.node.nodeId().toHex(), status.get("nodeId").getAsString());
    assertEquals(0, status.get("peers").getAsInt());
    assertEquals(0, status.get("mempoolSize").getAsInt());
    assertEquals("unavailable", status.get("blockProduction").getAsString());
  }

  @Test
  void block_byHashAndByHeight_giveTheSameBlock() throws Exception {
    Block block = blocks.get(4);
    JsonObject byHash = rest.get("/api/v1/blocks/" + block.hash().toHex()).json();
    JsonObject byHeight = rest.get("/api/v1/blocks/5").json();
    assertEquals(byHash, byHeight);
    assertEquals(5, byHash.get("height").getAsInt());
    assertEquals(8, byHash.get("confirmations").getAsInt());
    assertTrue(byHash.get("bestChain").getAsBoolean());
    assertEquals(block.header().previousHash().toHex(), byHash.get("previousHash").getAsString());
    assertEquals(
        block.transactions().get(0).txid().toHex(),
        byHash.getAsJsonArray("transactions").get(0).getAsString());

    JsonObject hex = rest.get("/api/v1/blocks/5?format=hex").json();
    assertEquals(block, Block.decode(HEX.parseHex(hex.get("hex").getAsString())));
    JsonObject verbose = rest.get("/api/v1/blocks/5?verbose=true").json();
    assertTrue(verbose.getAsJsonArray("transactions").get(0).getAsJsonObject()
        .get("coinbase").getAsBoolean());
  }

  @Test
  void block_unknownIs404_malformedIs400() throws Exception {
    RestNode.Reply missingHeight = rest.get("/api/v1/blocks/13");
    assertEquals(404, missingHeight.status());
    assertEquals("not-found", missingHeight.code());
    assertEquals(404, rest.get("/api/v1/blocks/" + "ab".repeat(32)).status());
    assertEquals("bad-hash", rest.get("/api/v1/blocks/" + "zz".repeat(32)).code());
    assertEquals("bad-block-id", rest.get("/api/v1/blocks/tip").code());
    assertEquals("bad-block-id", rest.get("/api/v1/blocks/-1").code());
    assertEquals(404, rest.get("/api/v1/blocks/4294967296").status());
  }

  @Test
  void recentBlocks_listFromTheTipDown() throws Exception {
    JsonObject recent = rest.get("/api/v1/blocks?limit=3").json();
    JsonArray list = recent.getAsJsonArray("blocks");
    assertEquals(3, list.size());
    assertEquals(12, list.get(0).getAsJsonObject().get("height").getAsInt());
    assertEquals(10, list.get(2).getAsJsonObject().get("height").getAsInt());
    assertEquals("bad-parameter", rest.get("/api/v1/blocks?limit=0").code());
    assertEquals("bad-parameter", rest.get("/api/v1/blocks?limit=abc").code());
  }

  @Test
  void submittedTransaction_isInTheMempool_thenConfirmed() throws Exception {
    Transaction tx = payment();
    RestNode.Reply submitted = rest.post("/api/v1/transactions", submitBody(tx));
    assertEquals(200, submitted.status(), submitted.body());
    assertEquals("accepted", submitted.json().get("result").getAsString());
    assertEquals(tx.txid().toHex(), submitted.json().get("txid").getAsString());
    assertEquals(Amount.ofCoins(1).atoms(), submitted.json().get("fee").getAsLong());
    assertEquals(
        "already-known",
        rest.post("/api/v1/transactions", submitBody(tx)).json().get("result").getAsString());

    JsonObject pooled = rest.get("/api/v1/transactions/" + tx.txid().toHex()).json();
    assertEquals("mempool", pooled.get("status").getAsString());
    assertEquals(text(payee), pooled.getAsJsonArray("outputs").get(0).getAsJsonObject()
        .get("address").getAsString());
    JsonObject mempool = rest.get("/api/v1/mempool").json();
    assertEquals(1, mempool.get("size").getAsInt());
    assertEquals(tx.txid().toHex(), mempool.getAsJsonArray("transactions").get(0)
        .getAsJsonObject().get("txid").getAsString());

    Block next = chain.on(blocks.get(11)).add(tx).build();
    rest.submit(List.of(next));
    JsonObject confirmed = rest.get("/api/v1/transactions/" + tx.txid().toHex()).json();
    assertEquals("confirmed", confirmed.get("status").getAsString());
    assertEquals(next.hash().toHex(), confirmed.get("block").getAsString());
    assertEquals(13, confirmed.get("height").getAsInt());
    assertEquals(tx, Transaction.decode(HEX.parseHex(confirmed.get("hex").getAsString())));
    assertEquals(0, rest.get("/api/v1/mempool").json().get("size").getAsInt());
  }

  @Test
  void transaction_unknownIs404_malformedIdIs400() throws Exception {
    assertEquals(404, rest.get("/api/v1/transactions/" + "00".repeat(32)).status());
    assertEquals("bad-hash", rest.get("/api/v1/transactions/1234").code());
  }

  @Test
  void submit_rejectsMalformedBodiesAndInvalidTransactions() throws Exception {
    assertEquals("bad-json", rest.post("/api/v1/transactions", "{not json").code());
    assertEquals("bad-json", rest.post("/api/v1/transactions", "[1,2]").code());
    assertEquals("bad-field", rest.post("/api/v1/transactions", "{\"hex\":5}").code());
    assertEquals("bad-hex", rest.post("/api/v1/transactions", "{\"hex\":\"abc\"}").code());
    assertEquals("bad-hex", rest.post("/api/v1/transactions", "{\"hex\":\"zz\"}").code());
    assertEquals(
        "bad-transaction", rest.post("/api/v1/transactions", "{\"hex\":\"00ff\"}").code());
    // Spends an immature coinbase (block 12's): a valid encoding the mempool refuses.
    Transaction immature = chain.spendCoinbase(blocks.get(11), payee, Amount.ofCoins(1));
    RestNode.Reply rejected = rest.post("/api/v1/transactions", submitBody(immature));
    assertEquals(400, rejected.status());
    assertEquals("tx-rejected", rejected.code());
    assertEquals(immature.txid().toHex(), rejected.json().get("txid").getAsString());
    assertEquals(0, rest.node.mempoolSize());
  }

  @Test
  void oversizedBody_is413() throws Exception {
    String body = "{\"hex\":\"" + "00".repeat(RestOptions.DEFAULT_MAX_BODY_BYTES / 2 + 1) + "\"}";
    RestNode.Reply reply = rest.post("/api/v1/transactions", body);
    assertEquals(413, reply.status());
    assertEquals("too-large", reply.code());
    assertEquals(200, rest.get("/api/v1/status").status(), "the server still answers");
  }

  @Test
  void address_utxosBalanceAndHistory_followTheChain() throws Exception {
    Address miner = TestChainBuilder.minerAddress();
    JsonObject balance = rest.get("/api/v1/addresses/" + text(miner) + "/balance").json();
    assertEquals(12, balance.get("utxoCount").getAsInt());
    assertEquals(Amount.ofCoins(50).times(12).atoms(), balance.get("confirmed").getAsLong());

    Transaction tx = payment();
    rest.submit(List.of(chain.on(blocks.get(11)).add(tx).build()));
    JsonObject utxos = rest.get("/api/v1/addresses/" + text(payee) + "/utxos").json();
    JsonArray list = utxos.getAsJsonArray("utxos");
    assertEquals(1, list.size());
    JsonObject utxo = list.get(0).getAsJsonObject();
    assertEquals(tx.txid().toHex(), utxo.get("txid").getAsString());
    assertEquals(0, utxo.get("index").getAsInt());
    assertEquals(Amount.ofCoins(49).atoms(), utxo.get("amount").getAsLong());
    assertFalse(utxo.get("coinbase").getAsBoolean());

    JsonObject minerHistory = rest.get("/api/v1/addresses/" + text(miner) + "/history").json();
    assertEquals(14, minerHistory.get("total").getAsInt(), "13 coinbases and the spend");
    JsonObject page =
        rest.get("/api/v1/addresses/" + text(miner) + "/history?offset=13&limit=1").json();
    assertEquals(tx.txid().toHex(), page.getAsJsonArray("txids").get(0).getAsString());
    JsonObject minerBalance = rest.get("/api/v1/addresses/" + text(miner) + "/balance").json();
    assertEquals(12, minerBalance.get("utxoCount").getAsInt(), "one spent, one new coinbase");
  }

  @Test
  void address_malformedOrOtherNetworkIs400() throws Exception {
    assertEquals("bad-address", rest.get("/api/v1/addresses/nonsense/balance").code());
    String mainnetStyle = TestChainBuilder.minerAddress().toText("elo");
    assertEquals("bad-address", rest.get("/api/v1/addresses/" + mainnetStyle + "/utxos").code());
    assertEquals(
        "bad-parameter",
        rest.get("/api/v1/addresses/" + text(payee) + "/history?limit=5000").code());
  }

  @Test
  void sync_reportsTipAndBestHeader() throws Exception {
    JsonObject sync = rest.get("/api/v1/sync").json();
    assertEquals(12, sync.get("tipHeight").getAsInt());
    assertEquals(12, sync.get("bestHeaderHeight").getAsInt());
    assertTrue(sync.get("synced").getAsBoolean());
    assertEquals(0, sync.get("blocksInFlight").getAsInt());
  }

  @Test
  void peers_listConnectedPeers() throws Exception {
    assertEquals(0, rest.get("/api/v1/peers").json().get("count").getAsInt());
    try (RestNode other = RestNode.start()) {
      other.dial(rest);
      JsonObject peers = other.get("/api/v1/peers").json();
      assertEquals(1, peers.get("count").getAsInt());
      JsonObject peer = peers.getAsJsonArray("peers").get(0).getAsJsonObject();
      assertEquals(rest.node.nodeId().toHex(), peer.get("nodeId").getAsString());
      assertFalse(peer.get("inbound").getAsBoolean());
    }
  }

  @Test
  void unknownPathIs404_wrongMethodIs405() throws Exception {
    RestNode.Reply missing = rest.get("/api/v1/nothing");
    assertEquals(404, missing.status());
    assertEquals("not-found", missing.code());
    RestNode.Reply wrong = rest.send("DELETE", "/api/v1/status", null, null);
    assertEquals(405, wrong.status());
    assertEquals("method-not-allowed", wrong.code());
    assertTrue(wrong.headers().toLowerCase().contains("allow"), wrong.headers());
    assertEquals(405, rest.get("/api/v1/transactions").status());
  }

  @Test
  void health_isDegradedWithReasons_for_aLoneNodeWithAnOldTip() throws Exception {
    RestNode.Reply health = rest.get("/api/v1/health");
    assertEquals(503, health.status());
    JsonObject json = health.json();
    assertEquals("degraded", json.get("status").getAsString());
    JsonArray reasons = json.getAsJsonArray("reasons");
    assertTrue(reasons.toString().contains("no-peers"), reasons.toString());
    assertTrue(reasons.toString().contains("tip-old"), reasons.toString());
    assertFalse(reasons.toString().contains("sync-stalled"), reasons.toString());
  }

  @Test
  void metrics_arePrometheusText_withHealthAndChainGauges() throws Exception {
    RestNode.Reply metrics = rest.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
    String text = metrics.body();
    assertTrue(text.contains("elo_health_no_peers 1.0"), text);
    assertTrue(text.contains("elo_sync_stalled 0.0"), text);
    assertTrue(text.contains("elo_health_tip_old 1.0"), text);
    assertTrue(text.contains("elo_tip_age_seconds "), text);
    assertTrue(text.contains("elo_chain_height 12.0"), text);
    assertTrue(text.contains("elo_transactions_confirmed_total 0.0"), text);
  }

  @Test
  void dashboard_isServedWithTheElementsTheTestReads() throws Exception {
    RestNode.Reply page = rest.get("/");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"));
    for (String id : List.of("tip-height", "tip-hash", "chart-mempool", "chart-txrate",
        "chart-propagation", "peer-graph", "recent-blocks")) {
      assertTrue(page.body().contains("id=\"" + id + "\""), id);
    }
    assertEquals(200, rest.get("/dashboard.js").status());
    assertEquals(200, rest.get("/dashboard.css").status());
    JsonObject stats = rest.get("/api/v1/stats").json();
    assertEquals(12, stats.get("height").getAsInt());
    JsonObject network = rest.get("/api/v1/network").json();
    assertEquals(1, network.getAsJsonArray("nodes").size());
    assertEquals(0, network.getAsJsonArray("edges").size());
  }
}
