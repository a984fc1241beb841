package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.node.Node;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.tcp.TcpTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SharedRegistryTest {
  @Test
  void aRegistrySharedWithTheNode_exportsEachSeriesOnce_andCloseRemovesTheServersMeters()
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Node node =
        Node.builder()
            .params(ChainParams.regtest())
            .transport(TcpTransport.builder().security(ChannelSecurity.plaintext()).build())
            .identity(NodeIdentity.generate(RestNode.RANDOM))
            .meterRegistry(registry)
            .build()) {
      node.start();
      RestServer rest =
          RestServer.start(
              node, RestServer.loopback(0), RestOptions.builder().meterRegistry(registry).build());
      String text;
      try (rest) {
        HttpResponse<String> scrape =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + rest.port() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        text = scrape.body();
      }
      assertEquals(1, text.lines().filter(l -> l.startsWith("elo_chain_height ")).count(), text);
      assertTrue(text.contains("elo_health_no_peers 1.0"), text);
      assertTrue(registry.find("elo.health.no.peers").gauges().isEmpty(), "removed on close");
      assertTrue(registry.find("elo.chain.height").gauge() != null, "the node's gauge stays");
    }
  }
}
