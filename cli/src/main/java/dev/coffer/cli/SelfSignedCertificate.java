package dev.coffer.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sidecar's self-signed server certificate (EC P-256, valid ten years) for localhost,
 * 127.0.0.1, ::1 and the host it listens on, written as PEM files: the certificate (clients trust
 * it as their CA) and the PKCS#8 private key, readable only by the owner.
 */
final class SelfSignedCertificate {
  static final Duration VALIDITY = Duration.ofDays(3650);

  private SelfSignedCertificate() {}

  static void write(Path certificate, Path privateKey, String host) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      KeyPair keys = g.generateKeyPair();
      X500Name name = new X500Name("CN=coffer sidecar");
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              name,
              keys.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, altNames(host));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      StringWriter key = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(key)) {
        pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
      }
      SecretFiles.writeOwnerOnly(privateKey, key.toString());
      StringWriter certPem = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(certPem)) {
        pem.writeObject(cert);
      }
      Files.writeString(certificate, certPem.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sidecar's certificate", e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a self-signed certificate", e);
    }
  }

  private static GeneralNames altNames(String host) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.iPAddress, "::1"));
    if (!host.equals("localhost") && !isAddress(host, "127.0.0.1") && !isAddress(host, "::1")) {
      boolean literal = isLiteral(host);
      names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** An IPv4 or IPv6 literal, not a host name (which may look like hex: "cafe"). */
  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static boolean isAddress(String host, String address) {
    try {
      return isLiteral(host) && InetAddress.getByName(host).equals(InetAddress.getByName(address));
    } catch (IOException e) {
      return false;
    }
  }
}
