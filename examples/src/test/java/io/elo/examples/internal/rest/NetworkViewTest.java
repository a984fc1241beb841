package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NetworkViewTest {
  @Test
  void graph_showsSiblingsAndTheLinkBetweenThem() throws Exception {
    try (RestNode sibling = RestNode.start()) {
      URI unreachable = URI.create("http://127.0.0.1:1");
      try (RestNode rest =
          RestNode.start(b -> b.siblings(List.of(sibling.base(), unreachable)))) {
        rest.dial(sibling);
        waitForPeers(sibling, 1);
        JsonObject graph = rest.get("/api/v1/network").json();
        JsonArray nodes = graph.getAsJsonArray("nodes");
        assertEquals(3, nodes.size());
        JsonObject self = nodes.get(0).getAsJsonObject();
        assertTrue(self.get("self").getAsBoolean());
        JsonObject other = nodes.get(1).getAsJsonObject();
        assertEquals(sibling.node.nodeId().toHex(), other.get("nodeId").getAsString());
        assertTrue(other.get("reachable").getAsBoolean());
        assertFalse(nodes.get(2).getAsJsonObject().get("reachable").getAsBoolean());
        JsonArray edges = graph.getAsJsonArray("edges");
        assertEquals(1, edges.size(), edges.toString());
        String a = rest.node.nodeId().toHex();
        String b = sibling.node.nodeId().toHex();
        JsonObject edge = edges.get(0).getAsJsonObject();
        assertEquals(a.compareTo(b) < 0 ? a : b, edge.get("from").getAsString());
        assertEquals(a.compareTo(b) < 0 ? b : a, edge.get("to").getAsString());
      }
    }
  }

  private static void waitForPeers(RestNode node, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.node.peers().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(count, node.node.peers().size());
  }
}
