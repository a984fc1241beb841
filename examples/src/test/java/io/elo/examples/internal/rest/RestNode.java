package io.elo.examples.internal.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.elo.consensus.ChainParams;
import io.elo.model.Block;
import io.elo.node.Node;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.BlockSubmitResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A regtest node on real threads over plaintext TCP on loopback, with its REST server, and an
 * HTTP client for it. Public for the REST clients' tests (the wallet).
 */
public final class RestNode implements AutoCloseable {
  static final SecureRandom RANDOM = new SecureRandom();

  final Node node;
  final RestServer rest;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RestNode(Node node, RestServer rest) {
    this.node = node;
    this.rest = rest;
  }

  static RestNode start(UnaryOperator<RestOptions.Builder> options) throws Exception {
    Node node =
        Node.builder()
            .params(ChainParams.regtest())
            .transport(TcpTransport.builder().security(ChannelSecurity.plaintext()).build())
            .identity(NodeIdentity.generate(RANDOM))
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            .build();
    node.start();
    try {
      RestOptions built = options.apply(RestOptions.builder()).build();
      RestServer rest = RestServer.start(node, RestServer.loopback(0), built);
      return new RestNode(node, rest);
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  /** Starts a node and its REST server with the default options. */
  public static RestNode start() throws Exception {
    return start(b -> b);
  }

  /** Starts a node and its REST server, then submits {@code blocks}; each must connect. */
  public static RestNode startWith(List<Block> blocks) throws Exception {
    RestNode rest = start();
    try {
      rest.submit(blocks);
      return rest;
    } catch (Exception | AssertionError e) {
      rest.close();
      throw e;
    }
  }

  /** The REST server's address, {@code http://127.0.0.1:port}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + rest.port());
  }

  /** Submits {@code blocks} in order; each must connect. */
  public void submit(List<Block> blocks) throws Exception {
    for (Block block : blocks) {
      BlockSubmitResult result = node.submitBlock(block).get(30, TimeUnit.SECONDS);
      if (!(result instanceof BlockSubmitResult.Connected)) {
        throw new AssertionError("block refused: " + result);
      }
    }
  }

  /** Dials {@code other}'s node. */
  void dial(RestNode other) throws Exception {
    node.connect(other.node.listenAddress().orElseThrow()).get(30, TimeUnit.SECONDS);
  }

  Reply get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  Reply post(String path, String body) throws Exception {
    return send("POST", path, body, null);
  }

  Reply send(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body(), response.headers().map().toString(),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  /** The node. */
  public Node node() {
    return node;
  }

  @Override
  public void close() {
    rest.close();
    node.close();
  }

  /** An HTTP answer. */
  record Reply(int status, String body, String headers, String contentType) {
    JsonObject json() {
      JsonElement element = JsonParser.parseString(body);
      return element.getAsJsonObject();
    }

    String code() {
      return json().get("code").getAsString();
    }
  }
}
