package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files: a certificate made in the test, a client that trusts it, plaintext refused. */
@Timeout(120)
class RestTlsTest {
  @TempDir Path dir;

  @Test
  void https_withASelfSignedCertificate_answers_andPlaintextToTheTlsPortFails() throws Exception {
    TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "node", "ip:127.0.0.1");
    RestTls tls = RestTls.fromPem(pem.certificate(), pem.privateKey());
    try (RestNode rest = RestNode.start(b -> b.tls(tls))) {
      int port = rest.rest.port();
      assertEquals(URI.create("https://127.0.0.1:" + port + "/"), rest.rest.uri());

      HttpResponse<String> status =
          get(TestCertificates.trusting(pem.x509()), "https://127.0.0.1:" + port + "/api/v1/status");
      assertEquals(200, status.statusCode());
      assertEquals(
          rest.node.nodeId().toHex(),
          JsonParser.parseString(status.body()).getAsJsonObject().get("nodeId").getAsString());

      assertThrows(
          IOException.class,
          () -> get(SSLContext.getDefault(), "http://127.0.0.1:" + port + "/api/v1/status"),
          "plaintext HTTP to the TLS port");
      assertThrows(
          IOException.class,
          () -> get(SSLContext.getDefault(), "https://127.0.0.1:" + port + "/api/v1/status"),
          "a client that does not trust the certificate");
    }
  }

  @Test
  void fromPem_refusesAKeyOfAnotherCertificate_andFilesWithoutPem() throws Exception {
    TestCertificates.Pem a = TestCertificates.selfSigned(dir, "a");
    TestCertificates.Pem b = TestCertificates.selfSigned(dir, "b");
    IOException mismatch =
        assertThrows(IOException.class, () -> RestTls.fromPem(a.certificate(), b.privateKey()));
    assertTrue(mismatch.getMessage().contains("private key for the certificate"), mismatch.getMessage());

    Path rsaStyle = dir.resolve("rsa.key");
    Files.writeString(rsaStyle, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    IOException pkcs1 =
        assertThrows(IOException.class, () -> RestTls.fromPem(a.certificate(), rsaStyle));
    assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8"), pkcs1.getMessage());
    assertThrows(IOException.class, () -> RestTls.fromPem(a.privateKey(), a.privateKey()));
  }

  private static HttpResponse<String> get(SSLContext tls, String url)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
