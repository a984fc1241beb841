package io.elo.examples.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Self-signed certificates for TLS tests, made by the JDK's {@code keytool} and written as the PEM
 * files {@code elo node --rest-tls-cert/--rest-tls-key} read, and client contexts trusting them.
 */
public final class TestCertificates {
  private static final String PASSWORD = "test-only";

  private TestCertificates() {}

  /** A certificate's PEM files and the certificate. */
  public record Pem(Path certificate, Path privateKey, X509Certificate x509) {}

  /**
   * Writes {@code <name>.crt} and {@code <name>.key} into {@code dir}: an EC P-256 key and a
   * certificate for the given subject alternative names ({@code ip:127.0.0.1}, {@code
   * dns:localhost}), valid for two days.
   */
  public static Pem selfSigned(Path dir, String name, String... subjectAltNames)
      throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    Files.deleteIfExists(store);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (subjectAltNames.length > 0) {
      command.addAll(List.of("-ext", "SAN=" + String.join(",", subjectAltNames)));
    }
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD.toCharArray());
      X509Certificate certificate = (X509Certificate) keys.getCertificate(name);
      PrivateKey key = (PrivateKey) keys.getKey(name, PASSWORD.toCharArray());
      Path cert = dir.resolve(name + ".crt");
      Path pem = dir.resolve(name + ".key");
      Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded()));
      return new Pem(cert, pem, certificate);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** A client TLS context that trusts exactly {@code certificates}. */
  public static SSLContext trusting(X509Certificate... certificates) {
    return RestTls.clientContext(List.of(certificates));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
