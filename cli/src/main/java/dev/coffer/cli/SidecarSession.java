package dev.coffer.cli;

import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.audit.AuditTrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sidecar reached with {@code --server}: every call goes over gRPC as the principal the server
 * maps this client's token or certificate to. The connection is made lazily by gRPC, so a server
 * that cannot be reached shows up as the first call's failure.
 */
final class SidecarSession implements Session {
  static final String SERVER_ENV = "COFFER_SERVER";
  static final String TOKEN_ENV = "COFFER_TOKEN";
  static final String TOKEN_FILE_ENV = "COFFER_TOKEN_FILE";
  static final String CA_CERT_ENV = "COFFER_CA_CERT";

  /** How the CLI names itself to the sidecar; audit records show it. */
  static final String USER_AGENT = "coffer-cli";

  private final CofferClient client;

  private SidecarSession(CofferClient client) {
    this.client = client;
  }

  /** The --server address, from the option or {@value #SERVER_ENV}; null when neither is set. */
  static String server(GlobalOptions options, Host host) {
    if (options.server != null) {
      return options.server;
    }
    return env(host, SERVER_ENV);
  }

  /** An environment variable's value, stripped; null when unset or blank. */
  private static String env(Host host, String name) {
    String value = host.env().get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Connects to {@code server} with the remote options; close the session when done. */
  static SidecarSession connect(String server, GlobalOptions options, Host host) {
    HostPort target = HostPort.parse("--server", server);
    if (target.port() == 0) {
      throw new InvalidArgumentException("--server needs the server's port, not 0");
    }
    try {
      // As gRPC makes the channel's authority: it refuses what this refuses.
      new URI(null, null, target.host(), target.port(), null, null, null);
    } catch (URISyntaxException e) {
      throw new InvalidArgumentException(
          "--server: not a host name or address: " + target.host(), e);
    }
    CofferClient.Builder builder =
        CofferClient.builder().target(target.host(), target.port()).userAgent(USER_AGENT);
    Path caCert = options.caCert;
    if (caCert == null && env(host, CA_CERT_ENV) != null) {
      caCert = Path.of(env(host, CA_CERT_ENV));
    }
    if ((options.clientCert == null) != (options.clientKey == null)) {
      throw new InvalidArgumentException("--client-cert and --client-key go together");
    }
    if (options.plaintext) {
      if (caCert != null || options.clientCert != null) {
        throw new InvalidArgumentException(
            "--plaintext and --ca-cert/--client-cert exclude each other");
      }
      if (!loopback(target.host())) {
        // The token would cross the network in the clear; the server refuses it anyway.
        throw new InvalidArgumentException(
            "--plaintext is only allowed to a loopback address, not " + target.host());
      }
      builder.plaintext();
    } else if (caCert != null) {
      builder.tls(existing(caCert, "--ca-cert"));
    } else {
      builder.tls();
    }
    if (options.clientCert != null) {
      builder.clientCertificate(
          existing(options.clientCert, "--client-cert"),
          existing(options.clientKey, "--client-key"));
    }
    String token = token(options, host);
    if (token != null) {
      builder.token(token);
    }
    try {
      return new SidecarSession(builder.build());
    } catch (IllegalArgumentException e) {
      if ((caCert == null && options.clientCert == null) || !PemFailures.isPemFailure(e)) {
        throw e;
      }
      // Netty reads the PEM files only now, and says what is wrong with them but not which.
      String files =
          options.clientCert == null
              ? "--ca-cert " + caCert
              : caCert == null
                  ? "--client-cert/--client-key"
                  : "--ca-cert, --client-cert or --client-key";
      throw new InvalidArgumentException(
          files + ": not a usable PEM file (" + PemFailures.detail(e) + ")", e);
    }
  }

  private static String token(GlobalOptions options, Host host) {
    Path file = options.tokenFile;
    if (file == null && env(host, TOKEN_FILE_ENV) != null) {
      file = Path.of(env(host, TOKEN_FILE_ENV));
    }
    String token;
    if (file != null) {
      try {
        token = Files.readString(existing(file, "--token-file"), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the token file " + file, e);
      }
      if (token.isEmpty()) {
        throw new InvalidArgumentException("the token file " + file + " is empty");
      }
      return token;
    }
    return env(host, TOKEN_ENV);
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Path existing(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(option + ": no such file: " + file);
    }
    return file;
  }

  @Override
  public ObjectStore objects() {
    return client.objects();
  }

  @Override
  public KeyService keys() {
    return client.keys();
  }

  @Override
  public RotationService rotation() {
    return client.rotation();
  }

  @Override
  public AuditTrail audit() {
    return client.audit();
  }

  @Override
  public void close() {
    client.close();
  }
}
