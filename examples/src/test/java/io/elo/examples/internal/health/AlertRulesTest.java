package io.elo.examples.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.examples.internal.rest.RestOptions;
import io.elo.examples.internal.rest.RestServer;
import io.elo.model.Block;
import io.elo.node.Node;
import io.elo.node.SimulatedNodes;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.SyncConfig;
import io.elo.validation.TestChainBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each rule of docs/alerts.yml, evaluated on a {@code /metrics} scrape of a node put into each
 * health state, fires exactly in the states it is meant for. The nodes run on a simulated network
 * in virtual time; the REST server reads the same virtual clock. ({@code for:} durations are a
 * Prometheus scheduling matter and are not simulated.)
 */
@Timeout(120)
class AlertRulesTest {
  private static final Path RULES = Path.of("../docs/alerts.yml");
  private static final HealthConfig HEALTH = new HealthConfig(10, Duration.ofSeconds(20));

  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final HttpClient client = HttpClient.newHttpClient();
  private List<Block> blocks;
  private Map<String, String> rules;

  @BeforeEach
  void setUp() throws Exception {
    blocks = chain.extend(chain.genesis(), 5);
    rules = AlertRules.read(RULES);
  }

  /** Starts after the last block's time: the node's tip (block 2) is 31 s old. */
  private SimulatedNodes network(long seed) {
    Instant start = blocks.get(4).header().time().plusSeconds(1);
    return SimulatedNodes.create(seed, chain.params(), start);
  }

  private Node nodeAtBlock2(SimulatedNodes net) {
    SyncConfig patient =
        SyncConfig.defaults().toBuilder()
            .stallTimeout(Duration.ofMinutes(10), Duration.ofMinutes(10))
            .blockRequestTimeout(Duration.ofMinutes(10))
            .build();
    Node node = net.add(patient);
    net.submit(node, blocks.get(0));
    net.submit(node, blocks.get(1));
    return node;
  }

  private Set<String> firing(SimulatedNodes net, Node node) throws Exception {
    RestOptions options = RestOptions.builder().clock(net.scheduler()).health(HEALTH).build();
    try (RestServer rest = RestServer.start(node, RestServer.loopback(0), options)) {
      return firing(rest);
    }
  }

  private Set<String> firing(RestServer rest) throws Exception {
    HttpResponse<String> scrape =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    List<PromQl.Sample> samples = PromQl.parseScrape(scrape.body());
    Set<String> fired = new TreeSet<>();
    rules.forEach(
        (name, expr) -> {
          if (!PromQl.evaluate(expr, samples).isEmpty()) {
            fired.add(name);
          }
        });
    return fired;
  }

  @Test
  void rulesFile_hasTheFourAlerts() {
    assertEquals(Set.of("EloNoPeers", "EloSyncStalled", "EloTipOld", "EloDegraded"),
        rules.keySet());
  }

  @Test
  void healthy_firesNothing() throws Exception {
    try (SimulatedNodes net = network(1)) {
      Node node = nodeAtBlock2(net);
      net.connect(net.add(), node);
      assertTrue(net.runUntil(() -> node.peers().size() == 1, Duration.ofSeconds(5)));
      RestOptions options = RestOptions.builder().clock(net.scheduler()).health(HEALTH).build();
      try (RestServer rest = RestServer.start(node, RestServer.loopback(0), options)) {
        assertEquals(Set.of(), firing(rest));
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + rest.port() + "/api/v1/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
      }
    }
  }

  @Test
  void noPeers_firesNoPeers() throws Exception {
    try (SimulatedNodes net = network(2)) {
      Node node = nodeAtBlock2(net);
      assertEquals(Set.of("EloNoPeers", "EloDegraded"), firing(net, node));
    }
  }

  @Test
  void oldTip_firesTipOld() throws Exception {
    try (SimulatedNodes net = network(3)) {
      Node node = nodeAtBlock2(net);
      net.connect(net.add(), node);
      net.runFor(Duration.ofSeconds(80)); // 31 s + 80 s > 10 spacings of 10 s
      assertEquals(1, node.peers().size());
      assertEquals(Set.of("EloTipOld", "EloDegraded"), firing(net, node));
    }
  }

  @Test
  void stalledSync_firesSyncStalled() throws Exception {
    try (SimulatedNodes net = network(4)) {
      Node node = nodeAtBlock2(net);
      List<Block> full = new java.util.ArrayList<>();
      full.add(chain.genesis());
      full.addAll(blocks);
      ScriptedPeer staller =
          ScriptedPeer.start(net.network(), chain.params(), full, ScriptedPeer.Blocks.STALL);
      RestOptions options = RestOptions.builder().clock(net.scheduler()).health(HEALTH).build();
      try (RestServer rest = RestServer.start(node, RestServer.loopback(0), options)) {
        net.await(node.connect(staller.network().listenAddress().orElseThrow()));
        assertTrue(
            net.runUntil(() -> node.syncStatus().bestHeaderHeight().value() == 5,
                Duration.ofSeconds(30)),
            "headers arrived: " + node.syncStatus());
        assertEquals(Set.of(), firing(rest), "behind, but not for long yet");
        net.runFor(Duration.ofSeconds(25));
        assertEquals(2, node.tip().height().value(), "no block arrived");
        assertEquals(1, node.peers().size());
        assertEquals(Set.of("EloSyncStalled", "EloDegraded"), firing(rest));
      }
    }
  }
}
