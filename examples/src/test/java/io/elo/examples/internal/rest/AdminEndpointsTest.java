package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AdminEndpointsTest {
  private final ApiToken token = ApiToken.generate(RestNode.RANDOM);
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private RestNode rest;

  @BeforeEach
  void start() throws Exception {
    BlockProductionControl control =
        new BlockProductionControl() {
          @Override
          public boolean isProducing() {
            return producing.get();
          }

          @Override
          public void setProducing(boolean value) {
            producing.set(value);
          }
        };
    rest = RestNode.start(b -> b.adminToken(token).blockProduction(control));
  }

  @AfterEach
  void stop() {
    rest.close();
  }

  private RestNode.Reply admin(String method, String path, String body) throws Exception {
    return rest.send(method, path, body, "Bearer " + token.toHex());
  }

  @Test
  void missingToken_is401_wrongTokenIs403() throws Exception {
    RestNode.Reply missing = rest.post("/api/v1/admin/bans", "{\"ip\":\"10.0.0.1\"}");
    assertEquals(401, missing.status());
    assertEquals("unauthorized", missing.code());
    assertTrue(missing.headers().contains("Bearer"), missing.headers());
    RestNode.Reply basic = rest.send("GET", "/api/v1/admin/bans", null, "Basic abc");
    assertEquals(401, basic.status());
    String wrong = ApiToken.generate(RestNode.RANDOM).toHex();
    RestNode.Reply forbidden = rest.send("GET", "/api/v1/admin/bans", null, "Bearer " + wrong);
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.code());
    assertEquals(403, rest.send("GET", "/api/v1/admin/bans", null, "Bearer short").status());
    assertTrue(rest.node.network().bans().isEmpty(), "nothing happened");
  }

  @Test
  void withoutAConfiguredToken_adminIsDisabled() throws Exception {
    try (RestNode plain = RestNode.start()) {
      RestNode.Reply reply =
          plain.send("GET", "/api/v1/admin/bans", null, "Bearer " + token.toHex());
      assertEquals(403, reply.status());
      assertEquals("admin-disabled", reply.code());
    }
  }

  @Test
  void connect_dialsThePeer() throws Exception {
    try (RestNode other = RestNode.start()) {
      String address = other.node.listenAddress().orElseThrow().toString();
      String body = "{\"address\":\"" + address + "\"}";
      RestNode.Reply reply = admin("POST", "/api/v1/admin/peers", body);
      assertEquals(200, reply.status(), reply.body());
      assertEquals("connected", reply.json().get("result").getAsString());
      assertEquals(other.node.nodeId().toHex(),
          reply.json().getAsJsonObject("peer").get("nodeId").getAsString());
      assertEquals(1, rest.node.peers().size());
    }
  }

  @Test
  void connect_badOrUnreachableAddress_isAnError() throws Exception {
    assertEquals("bad-address",
        admin("POST", "/api/v1/admin/peers", "{\"address\":\"nowhere\"}").code());
    assertEquals("bad-field", admin("POST", "/api/v1/admin/peers", "{}").code());
    RestNode.Reply refused =
        admin("POST", "/api/v1/admin/peers", "{\"address\":\"127.0.0.1:1\"}");
    assertEquals(502, refused.status(), refused.body());
    assertEquals("connect-failed", refused.code());
  }

  @Test
  void ban_listAndUnban_byNodeIdAndIp() throws Exception {
    String nodeId = "ab".repeat(32);
    RestNode.Reply banned = admin("POST", "/api/v1/admin/bans",
        "{\"nodeId\":\"" + nodeId + "\",\"seconds\":3600,\"reason\":\"test\"}");
    assertEquals(200, banned.status(), banned.body());
    assertEquals(200, admin("POST", "/api/v1/admin/bans", "{\"ip\":\"10.1.2.3\"}").status());
    JsonObject bans = admin("GET", "/api/v1/admin/bans", null).json();
    assertEquals(2, bans.getAsJsonArray("bans").size());
    assertTrue(bans.toString().contains(nodeId));
    assertTrue(bans.toString().contains("10.1.2.3"));

    assertEquals(200, admin("DELETE", "/api/v1/admin/bans/" + nodeId, null).status());
    assertEquals(200, admin("DELETE", "/api/v1/admin/bans/10.1.2.3", null).status());
    assertTrue(rest.node.network().bans().isEmpty());
    assertEquals(404, admin("DELETE", "/api/v1/admin/bans/10.1.2.3", null).status());
  }

  @Test
  void ban_rejectsMalformedInput() throws Exception {
    assertEquals("bad-field", admin("POST", "/api/v1/admin/bans", "{}").code());
    assertEquals("bad-ip", admin("POST", "/api/v1/admin/bans", "{\"ip\":\"example.com\"}").code());
    assertEquals("bad-node-id", admin("POST", "/api/v1/admin/bans", "{\"nodeId\":\"12\"}").code());
    assertEquals("bad-field",
        admin("POST", "/api/v1/admin/bans", "{\"ip\":\"10.0.0.1\",\"seconds\":-5}").code());
    assertEquals("bad-field",
        admin("POST", "/api/v1/admin/bans", "{\"ip\":\"10.0.0.1\",\"seconds\":\"x\"}").code());
    assertEquals("bad-field", admin("POST", "/api/v1/admin/bans",
        "{\"ip\":\"10.0.0.1\",\"reason\":\"" + "x".repeat(201) + "\"}").code());
    assertEquals("bad-ip", admin("DELETE", "/api/v1/admin/bans/nothing", null).code());
    assertTrue(rest.node.network().bans().isEmpty());
  }

  @Test
  void blockProduction_stopsAndStarts() throws Exception {
    assertTrue(admin("GET", "/api/v1/admin/block-production", null).json()
        .get("producing").getAsBoolean());
    RestNode.Reply stopped =
        admin("POST", "/api/v1/admin/block-production", "{\"producing\":false}");
    assertEquals(200, stopped.status());
    assertFalse(producing.get());
    assertEquals("off", rest.get("/api/v1/status").json().get("blockProduction").getAsString());
    assertEquals("bad-field",
        admin("POST", "/api/v1/admin/block-production", "{\"producing\":\"no\"}").code());
    assertEquals(401,
        rest.post("/api/v1/admin/block-production", "{\"producing\":true}").status());
    assertFalse(producing.get());
  }

  @Test
  void blockProduction_withoutAControl_is409() throws Exception {
    try (RestNode plain = RestNode.start(b -> b.adminToken(token))) {
      RestNode.Reply reply = plain.send("POST", "/api/v1/admin/block-production",
          "{\"producing\":false}", "Bearer " + token.toHex());
      assertEquals(409, reply.status());
      assertEquals("no-block-production", reply.code());
    }
  }
}
