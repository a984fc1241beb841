package io.elo.examples.internal.rest;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate chain and private key the REST server serves HTTPS with, read from PEM files
 * with the JDK alone: the chain as {@code CERTIFICATE} blocks (server certificate first), the key
 * as an unencrypted PKCS#8 {@code PRIVATE KEY} block (RSA, EC or Ed25519). Immutable. Also makes
 * the client contexts that trust such a certificate.
 */
public final class RestTls {
  private static final String ALIAS = "elo-rest";
  // The key store lives in memory only; its password protects nothing and never leaves here.
  private static final String PASSWORD = "elo-rest";
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private final X509Certificate certificate;
  private final byte[] pkcs12;

  private RestTls(X509Certificate certificate, byte[] pkcs12) {
    this.certificate = certificate;
    this.pkcs12 = pkcs12;
  }

  /**
   * Reads {@code certificateChain} and {@code privateKey} and checks that the key belongs to the
   * first certificate.
   *
   * @throws IOException if a file is missing or unreadable, holds no certificate or no PKCS#8
   *     key, or the key does not match the certificate; the message says which and how to fix it
   */
  public static RestTls fromPem(Path certificateChain, Path privateKey) throws IOException {
    requireNonNull(certificateChain, "certificateChain");
    requireNonNull(privateKey, "privateKey");
    X509Certificate[] chain = readChain(certificateChain);
    PrivateKey key = readKey(privateKey, chain[0]);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, PASSWORD.toCharArray());
      return new RestTls(chain[0], out.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a key store from " + privateKey + ": " + e, e);
    }
  }

  private static X509Certificate[] readChain(Path file) throws IOException {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(read(file)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException(file + " holds no certificate (expected PEM CERTIFICATE blocks)");
    }
    return certificates.stream().map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
  }

  private static PrivateKey readKey(Path file, X509Certificate certificate) throws IOException {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw new IOException(
          file + " holds no unencrypted PKCS#8 'PRIVATE KEY' block; convert an RSA, EC or"
              + " encrypted key with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
    }
    String algorithm = certificate.getPublicKey().getAlgorithm();
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
      PrivateKey key =
          KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      checkPair(key, certificate);
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(
          file + " is not a " + algorithm + " private key for the certificate "
              + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e, e);
    }
  }

  /** Signs and verifies a probe, so a key of another certificate fails here, not in handshakes. */
  private static void checkPair(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // EdDSA, Ed25519
        };
    byte[] probe = "elo-rest-tls".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the key does not belong to the certificate");
    }
  }

  /**
   * A client TLS context that trusts exactly the certificates in a PEM file (a self-signed node
   * certificate or a private CA), for {@code elo status --rest-ca} and the like.
   *
   * @throws IOException if the file is unreadable or holds no certificate
   */
  public static SSLContext clientContext(Path trustedCertificates) throws IOException {
    return clientContext(List.of(readChain(trustedCertificates)));
  }

  /** A client TLS context that trusts exactly {@code trusted}. */
  public static SSLContext clientContext(List<X509Certificate> trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        store.setCertificateEntry("trusted-" + i, trusted.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot build a TLS client context", e);
    }
  }

  /** The server certificate (the chain's first). */
  public X509Certificate certificate() {
    return certificate;
  }

  /** A fresh in-memory key store holding the key and chain under {@link #password()}. */
  KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(pkcs12), PASSWORD.toCharArray());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot reload the in-memory key store", e);
    }
  }

  static String password() {
    return PASSWORD;
  }

  @Override
  public String toString() {
    return "RestTls{" + certificate.getSubjectX500Principal() + ", until "
        + certificate.getNotAfter().toInstant() + "}";
  }
}
