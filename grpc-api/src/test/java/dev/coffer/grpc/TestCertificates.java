package dev.coffer.grpc;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time: a CA, a server certificate for localhost and 127.0.0.1, and
 * client certificates (one with a URI SAN naming a principal, one with only a common name), all
 * written as PEM files (keys as PKCS#8), as an operator would hand them to the server.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key as PEM files. */
  public record Pem(Path certificate, Path privateKey) {}

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  public final Path caFile;

  public TestCertificates(Path dir) throws Exception {
    this.dir = dir;
    this.caKeys = ecKeys();
    X500Name name = new X500Name("CN=Coffer Test CA");
    X509v3CertificateBuilder b = builder(name, name, caKeys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.ca = sign(b, caKeys.getPrivate());
    this.caFile = writePem(dir.resolve("ca.pem"), ca);
  }

  /** A server certificate for localhost and 127.0.0.1, issued by the CA. */
  public Pem server() throws Exception {
    return issue(
        "server",
        "CN=localhost",
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
  }

  /** A client certificate carrying {@code principal} as a URI SAN. */
  public Pem clientWithUri(String name, String principal) throws Exception {
    return issue(
        name,
        "CN=" + name,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, principal)));
  }

  /** A client certificate with only a subject common name. */
  public Pem clientWithCommonName(String commonName) throws Exception {
    return issue(commonName, "CN=" + commonName, null);
  }

  /** A self-signed client certificate no trusted CA issued. */
  public Pem untrustedClient(String principal) throws Exception {
    KeyPair keys = ecKeys();
    X500Name name = new X500Name("CN=stranger");
    X509v3CertificateBuilder b = builder(name, name, keys);
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, principal)));
    return write("stranger", sign(b, keys.getPrivate()), keys.getPrivate());
  }

  private Pem issue(String file, String subject, GeneralNames altNames) throws Exception {
    KeyPair keys = ecKeys();
    X509v3CertificateBuilder b =
        builder(new X500Name("CN=Coffer Test CA"), new X500Name(subject), keys);
    if (altNames != null) {
      b.addExtension(Extension.subjectAlternativeName, false, altNames);
    }
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return write(file, sign(b, caKeys.getPrivate()), keys.getPrivate());
  }

  private Pem write(String file, X509Certificate cert, PrivateKey key) throws IOException {
    Path certFile = writePem(dir.resolve(file + ".pem"), cert);
    Path keyFile = dir.resolve(file + ".key");
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(key, null));
    }
    Files.writeString(keyFile, out.toString());
    return new Pem(certFile, keyFile);
  }

  private static Path writePem(Path file, X509Certificate cert) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(cert);
    }
    Files.writeString(file, out.toString());
    return file;
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }
}
