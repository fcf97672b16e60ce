package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.Coffer;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CertificatePrincipalMapping;
import dev.coffer.grpc.CofferServer;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coffer serve}: the gRPC sidecar on the data directory, with the embedded defaults, until
 * SIGINT or SIGTERM (or, in-process, until its thread is interrupted); then calls in flight finish
 * and the store closes.
 *
 * <p>Unless told otherwise it keeps what it needs in {@code DIR/sidecar/}: a self-signed
 * certificate ({@code server.pem}, which clients trust, and {@code server.key}, owner-only), and a
 * tokens file ({@code tokens}, SHA-256 hashes only). Each run makes sure the {@code --as} principal
 * has a token, written once to a file of its own (owner-only; see {@link SidecarTokens}) and named
 * in the output; the token is never printed.
 */
@Command(
    name = "serve",
    description = {
      "Serve the data directory over gRPC (objects, buckets, keys, rotation jobs, audit) until"
          + " interrupted (Ctrl-C or SIGTERM); calls in flight then finish.",
      "TLS by default, with a self-signed certificate made once in DIR/sidecar/; callers"
          + " authenticate with a bearer token. The --as principal (default: the account root)"
          + " gets one unless it has one already: the first run writes it to DIR/sidecar/token,"
          + " a run for another principal to DIR/sidecar/token-NAME-HASH (printed; tokens of"
          + " other principals keep working); owner-only, and DIR/sidecar/tokens keeps only"
          + " their hashes. With --tokens FILE no token is made, and --as is refused."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer serve",
      "  coffer serve --listen 0.0.0.0:7443 --tls-cert server.pem --tls-key server.key",
      "  coffer serve --listen 127.0.0.1:0 --plaintext --tokens tokens",
      "  coffer serve --client-ca clients-ca.pem",
      "  coffer serve --metrics-listen 127.0.0.1:9464"
    })
final class ServeCommand implements Callable<Integer> {
  static final String DEFAULT_LISTEN = "127.0.0.1:7443";

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = DEFAULT_LISTEN,
      description = "Where to listen (default: ${DEFAULT-VALUE}); port 0 picks a free port.")
  String listen;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "The server's certificate chain (PEM) instead of the self-signed one.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The private key (PKCS#8 PEM) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--client-ca",
      paramLabel = "FILE",
      description =
          "Mutual TLS: also accept client certificates issued by the CA in FILE (PEM). A"
              + " certificate's principal is its first URI subject alternative name (such as"
              + " arn:aws:iam::000000000000:role/App), else its subject's common name; bearer"
              + " tokens keep working. Whatever a certificate names, it is taken as is: use a CA"
              + " that issues certificates for Coffer's callers only, not a shared one.")
  Path clientCa;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "The tokens file (lines `sha256:HEX PRINCIPAL`) instead of DIR/sidecar/tokens;"
              + " no token is generated.")
  Path tokensFile;

  @Option(
      names = "--grace",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long calls in flight may finish at shutdown (default: ${DEFAULT-VALUE}).")
  int graceSeconds;

  @Option(
      names = "--reads-on-io-threads",
      description =
          "Run small reads (GetObject up to 256 KiB, HeadObject) on the I/O thread pool instead of"
              + " the network threads, so that a slow disk or audit log cannot hold up other"
              + " connections; costs a thread hand-off per read.")
  boolean readsOnIoThreads;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      description =
          "Also serve operational metrics for Prometheus (plain HTTP, GET /metrics) at this"
              + " address, or on 127.0.0.1 when only a port is given; port 0 picks a free port. Off by"
              + " default. There is no authentication: keep it on loopback or a private network"
              + " (the metrics name no principal, bucket, object or key; only gRPC methods and"
              + " status codes).")
  String metricsListen;

  /** The global --plaintext, read at the start of {@link #call}. */
  private boolean plaintext;

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    invocation.requireLocal("coffer serve");
    plaintext = invocation.plaintext();
    InetSocketAddress address = address(listen);
    InetSocketAddress metricsAddress = metricsListen == null ? null : metricsAddress(metricsListen);
    if (metricsAddress != null && metricsAddress.getPort() != 0 && metricsAddress.equals(address)) {
      throw new InvalidArgumentException(
          "--metrics-listen and --listen name the same address, " + listen + ": choose another");
    }
    if (plaintext && (tlsCert != null || tlsKey != null)) {
      throw new InvalidArgumentException("--plaintext and --tls-cert/--tls-key exclude each other");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new InvalidArgumentException("--tls-cert and --tls-key go together");
    }
    if (plaintext && clientCa != null) {
      throw new InvalidArgumentException("--plaintext and --client-ca exclude each other");
    }
    if (tlsCert != null && !Files.isRegularFile(tlsCert)) {
      throw new NotFoundException("--tls-cert: no such file: " + tlsCert);
    }
    if (tlsKey != null && !Files.isRegularFile(tlsKey)) {
      throw new NotFoundException("--tls-key: no such file: " + tlsKey);
    }
    if (clientCa != null && !Files.isRegularFile(clientCa)) {
      throw new NotFoundException("--client-ca: no such file: " + clientCa);
    }
    if (tokensFile != null && invocation.principalGiven()) {
      throw new InvalidArgumentException(
          "--as names the principal of the token coffer serve makes; with --tokens it makes none");
    }
    if (plaintext && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
      throw new InvalidArgumentException(
          "--plaintext is only allowed on a loopback address, not " + address.getHostString());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    boolean interrupted = false;
    try (Coffer coffer = invocation.openObjectStore(true)) {
      // Opened first: a missing or wrong data directory is refused before DIR/sidecar/ is made.
      Path sidecar = invocation.dataDirectory().root().resolve("sidecar");
      Path tokenFile = null;
      Path tokens = tokensFile;
      if (tokens == null) {
        tokenFile = SidecarTokens.tokenFor(sidecar, invocation.principal());
        tokens = sidecar.resolve(SidecarTokens.TOKENS);
      }
      BearerTokens accepted = loadTokens(tokens);
      Path certificate = tlsCert;
      Path key = tlsKey;
      if (!plaintext && certificate == null) {
        Files.createDirectories(sidecar);
        certificate = sidecar.resolve("server.pem");
        key = sidecar.resolve("server.key");
        if (!Files.exists(certificate) || !Files.exists(key)) {
          Files.deleteIfExists(certificate);
          Files.deleteIfExists(key);
          SelfSignedCertificate.write(certificate, key, address.getHostString());
        }
      }
      CofferServer.Builder builder =
          CofferServer.builder()
              .store(coffer)
              .listen(address)
              .tokens(accepted)
              .shutdownGracePeriod(java.time.Duration.ofSeconds(Math.max(0, graceSeconds)))
              .readsOnTransportThreads(!readsOnIoThreads);
      if (metricsAddress != null) {
        builder.metricsListen(metricsAddress);
      }
      if (plaintext) {
        builder.plaintext();
      } else {
        builder.tls(certificate, key);
        if (clientCa != null) {
          builder.mutualTls(clientCa, CertificatePrincipalMapping.defaults());
        }
      }
      ServerLogFilter.install();
      CofferServer server = start(build(builder, certificate, key));
      try {
        Thread hook =
            new Thread(
                () -> {
                  server.close();
                  try {
                    // Let the command close the store before the JVM halts.
                    stopped.await(graceSeconds + 10L, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "coffer-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        announce(invocation, address, server, metricsAddress, certificate, tokens, tokenFile);
        try {
          server.awaitTermination();
        } catch (InterruptedException e) {
          // Stopped in-process: shut down as gracefully as on a signal, then keep the interrupt.
          interrupted = true;
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // The hook is running: it closed the server and waits for the store to close.
          }
        }
      } finally {
        server.close();
      }
    } finally {
      stopped.countDown();
    }
    invocation.host().err().println("coffer serve: stopped");
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private void announce(
      Invocation invocation,
      InetSocketAddress address,
      CofferServer server,
      InetSocketAddress metricsAddress,
      Path certificate,
      Path tokens,
      Path tokenFile) {
    int port = server.port();
    String target = new HostPort(address.getHostString(), port).toString();
    String metrics =
        metricsAddress == null
            ? null
            : new HostPort(metricsAddress.getHostString(), server.metricsPort()).toString();
    JsonObject document = new JsonObject();
    document.addProperty("address", target);
    document.addProperty("port", port);
    document.addProperty("tls", !plaintext);
    if (metrics != null) {
      document.addProperty("metricsAddress", metrics);
      document.addProperty("metricsPort", server.metricsPort());
      document.addProperty("metricsUrl", "http://" + metrics + "/metrics");
    }
    if (certificate != null) {
      document.addProperty("certificate", certificate.toAbsolutePath().toString());
    }
    document.addProperty("tokens", tokens.toAbsolutePath().toString());
    if (tokenFile != null) {
      document.addProperty("tokenFile", tokenFile.toAbsolutePath().toString());
    }
    invocation
        .output()
        .result(
            document,
            out -> {
              out.println("Listening on " + target + (plaintext ? " (plaintext)" : " (TLS)"));
              if (metrics != null) {
                out.println(
                    "Metrics on http://" + metrics + "/metrics (plain HTTP, no authentication)");
              }
              if (certificate != null) {
                out.println("Certificate (trust it as the CA): " + certificate.toAbsolutePath());
              }
              out.println("Tokens file (hashes): " + tokens.toAbsolutePath());
              if (tokenFile != null) {
                out.println(
                    "Bearer token for "
                        + invocation.principal()
                        + ": in "
                        + tokenFile.toAbsolutePath());
              }
              out.println("Stop with Ctrl-C (or SIGTERM); calls in flight finish first.");
            });
    invocation.host().out().flush();
  }

  /**
   * Builds the server, which reads the TLS files: one that is not PEM, or not a certificate or key,
   * is a usage error naming the files it may be.
   */
  private CofferServer build(CofferServer.Builder builder, Path certificate, Path key) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      if (plaintext || !PemFailures.isPemFailure(e)) {
        throw e;
      }
      // Netty says what is wrong, but not with which file.
      List<String> files = new ArrayList<>();
      files.add(tlsCert != null ? "--tls-cert " + tlsCert : certificate.toString());
      files.add(tlsKey != null ? "--tls-key " + tlsKey : key.toString());
      if (clientCa != null) {
        files.add("--client-ca " + clientCa);
      }
      throw new InvalidArgumentException(
          String.join(" or ", files) + ": not a usable PEM file (" + PemFailures.detail(e) + ")",
          e);
    }
  }

  /**
   * Starts the server. It fails only when it cannot bind the --listen or --metrics-listen address,
   * which is the operator's to change like any other bad value: a usage error, not an internal one.
   */
  private CofferServer start(CofferServer server) {
    try {
      return server.start();
    } catch (CofferServer.CannotListenException e) {
      boolean metrics = e.metricsAddress();
      String option = metrics ? "--metrics-listen" : "--listen";
      String value = metrics ? metricsListen : listen;
      if (e instanceof CofferServer.AddressInUseException) {
        throw new InvalidArgumentException(
            value
                + " is already in use (another coffer serve?): choose another address or port"
                + " with "
                + option
                + " HOST:PORT, or port 0 for a free one",
            e);
      }
      throw new InvalidArgumentException(
          "cannot listen on " + value + " (" + option + "): " + bindFailure(e), e);
    }
  }

  /** Why binding failed, in the innermost cause's words (the outer ones only name the address). */
  private static String bindFailure(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? String.valueOf(e.getMessage()) : root.getMessage();
  }

  /** Loads the tokens file, with what is wrong with a bad --tokens path said in words. */
  private static BearerTokens loadTokens(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidArgumentException(
          "the tokens file " + file + " is a directory; name the file (--tokens)");
    }
    try {
      return BearerTokens.load(file);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no such tokens file: " + file + " (--tokens)", e);
    }
  }

  /** Parses and resolves the --listen address. */
  static InetSocketAddress address(String text) {
    return resolve(HostPort.parse("--listen", text));
  }

  /**
   * Parses and resolves the --metrics-listen address. A port alone means loopback: the endpoint has
   * no authentication, so reaching it from elsewhere must be asked for by naming a host.
   */
  static InetSocketAddress metricsAddress(String text) {
    if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return resolve(HostPort.parse("--metrics-listen", "127.0.0.1:" + text));
    }
    return resolve(HostPort.parse("--metrics-listen", text));
  }

  private static InetSocketAddress resolve(HostPort parsed) {
    InetSocketAddress address = new InetSocketAddress(parsed.host(), parsed.port());
    if (address.isUnresolved()) {
      throw new InvalidArgumentException("cannot resolve " + parsed.host());
    }
    return address;
  }
}
