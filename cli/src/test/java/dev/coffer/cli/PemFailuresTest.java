package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.security.KeyException;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Test;

/** The failures of Netty's and gRPC's TLS builders that mean a PEM file could not be read. */
class PemFailuresTest {
  @Test
  void grpcsSslContextFailure_isAPemFailure_withoutItsPrefix() {
    IllegalArgumentException e =
        new IllegalArgumentException("Unable to create SslContext: No certificate data found");

    assertThat(PemFailures.isPemFailure(e)).isTrue();
    assertThat(PemFailures.detail(e)).isEqualTo("No certificate data found");
  }

  @Test
  void nettysFailureCausedByACertificateOrKeyException_isAPemFailure() {
    assertThat(
            PemFailures.isPemFailure(
                new IllegalArgumentException(
                    "Input stream not contain valid certificates.",
                    new CertificateException("found no certificates in input stream"))))
        .isTrue();
    assertThat(
            PemFailures.isPemFailure(
                new IllegalArgumentException(
                    "Input stream does not contain valid private key.",
                    new KeyException("could not find a PKCS #8 private key in input stream"))))
        .isTrue();
  }

  @Test
  void otherIllegalArguments_areNotPemFailures() {
    assertThat(
            PemFailures.isPemFailure(
                new IllegalArgumentException(
                    "Invalid host or port: a_b 7443",
                    new URISyntaxException("//a_b:7443", "Illegal character in hostname"))))
        .isFalse();
    assertThat(
            PemFailures.isPemFailure(new IllegalArgumentException("TLS features not understood")))
        .isFalse();
    assertThat(PemFailures.isPemFailure(new IllegalArgumentException())).isFalse();
  }
}
