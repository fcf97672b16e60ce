package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.TestCertificates;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer serve} started in a thread, reached with the Java client, then stopped. */
class ServeCommandTest {
  private static final String APP = "arn:aws:iam::000000000000:role/App";
  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics \\(plain HTTP");

  @TempDir Path data;

  /** A running {@code coffer serve}, its output, and how it ended. */
  private static final class Serving {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    Serving(String... args) {
      thread =
          new Thread(
              () -> {
                try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                  exit.set(
                      Main.execute(args, o, e, new ByteArrayInputStream(new byte[0]), Map.of()));
                }
              },
              "coffer-serve-test");
      thread.start();
    }

    int port() throws InterruptedException {
      return await(LISTENING);
    }

    /** The number in the first group of {@code announced}, once serve has printed it. */
    int await(Pattern announced) throws InterruptedException {
      long until = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < until) {
        Matcher m = announced.matcher(out.toString(StandardCharsets.UTF_8));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        if (!thread.isAlive()) {
          throw new AssertionError("serve ended: " + err.toString(StandardCharsets.UTF_8));
        }
        Thread.sleep(50);
      }
      throw new AssertionError("serve did not start: " + err.toString(StandardCharsets.UTF_8));
    }

    /** Stops it as a signal would (in-process: an interrupt) and waits for it to end. */
    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join(60_000);
    }
  }

  @Test
  void serve_withTlsAndAGeneratedToken_servesPutAndGet_andStopsGracefully() throws Exception {
    Coffer.initialized(data);
    Path sidecar = data.resolve("sidecar");
    Serving serve =
        new Serving("--data", data.toString(), "serve", "--listen", "127.0.0.1:0", "--grace", "5");
    try {
      int port = serve.port();
      assertThat(port).isPositive();
      String text = serve.out.toString(StandardCharsets.UTF_8);
      assertThat(text)
          .contains(sidecar.resolve("server.pem").toString())
          .contains(sidecar.resolve("token").toString());

      String token = Files.readString(sidecar.resolve("token")).strip();
      assertThat(text).doesNotContain(token);
      assertThat(Files.readString(sidecar.resolve("tokens"))).doesNotContain(token);
      assertThat(Files.getPosixFilePermissions(sidecar.resolve("token")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      assertThat(Files.getPosixFilePermissions(sidecar.resolve("server.key")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

      try (CofferClient client =
          CofferClient.builder()
              .target("localhost", port)
              .tls(sidecar.resolve("server.pem"))
              .token(token)
              .build()) {
        String key = client.keys().createKey(CreateKeyRequest.defaults()).arn();
        ObjectStore s3 = client.objects();
        s3.createBucket(CreateBucketRequest.of("served", new BucketEncryption(key, false)));
        byte[] body = "over the sidecar".getBytes(StandardCharsets.UTF_8);
        s3.putObject(PutObjectRequest.builder("served", "hello.txt").build(), body);
        try (ObjectContent got = s3.getObject(GetObjectRequest.of("served", "hello.txt"))) {
          assertThat(got.readAllBytes()).isEqualTo(body);
        }
        assertThat(client.caller().secureTransport()).isTrue();
      }
    } finally {
      serve.stop();
    }
    assertThat(serve.thread.isAlive()).isFalse();
    assertThat(serve.exit.get())
        .as("exit code; stderr: %s", serve.err.toString(StandardCharsets.UTF_8))
        .isEqualTo(0);
    assertThat(serve.err.toString(StandardCharsets.UTF_8)).contains("stopped");

    // The directory's lock is released, and the object is there for embedded mode.
    new Coffer(data).run("get", "served/hello.txt", "-").assertOk();
    // A second run reuses the certificate and tokens, and writes no new token.
    String certificate = Files.readString(sidecar.resolve("server.pem"));
    String token = Files.readString(sidecar.resolve("token"));
    Serving again =
        new Serving(
            "--data",
            data.toString(),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--grace",
            "5",
            "--reads-on-io-threads");
    try {
      try (CofferClient client =
          CofferClient.builder()
              .target("localhost", again.port())
              .tls(sidecar.resolve("server.pem"))
              .token(token)
              .build()) {
        try (ObjectContent got =
            client.objects().getObject(GetObjectRequest.of("served", "hello.txt"))) {
          assertThat(got.readAllBytes())
              .asString(StandardCharsets.UTF_8)
              .isEqualTo("over the sidecar");
        }
        assertThat(client.objects().headObject("served", "hello.txt").size()).isEqualTo(16);
      }
    } finally {
      again.stop();
    }
    assertThat(Files.readString(sidecar.resolve("server.pem"))).isEqualTo(certificate);
    assertThat(Files.readString(sidecar.resolve("token"))).isEqualTo(token);
  }

  @Test
  void serve_withMetricsListen_announcesTheEndpoint_servesCountsOfCalls_andReleasesItOnStop()
      throws Exception {
    Coffer.initialized(data);
    Path sidecar = data.resolve("sidecar");
    Serving serve =
        new Serving(
            "--data",
            data.toString(),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--grace",
            "5");
    int metricsPort;
    try {
      int port = serve.port();
      metricsPort = serve.await(METRICS);
      assertThat(metricsPort).isPositive().isNotEqualTo(port);
      String token = Files.readString(sidecar.resolve("token")).strip();
      assertThat(callerOf(port, sidecar, token)).isEqualTo(GlobalOptions.ACCOUNT_ROOT);

      HttpResponse<String> scrape = scrape(metricsPort);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body())
          .contains(
              "coffer_grpc_server_handled_total{grpc_service=\"coffer.api.v1.IdentityService\","
                  + "grpc_method=\"GetCallerIdentity\",grpc_code=\"OK\"} 1\n")
          .contains("# TYPE coffer_grpc_server_handling_seconds histogram\n")
          .doesNotContain(GlobalOptions.ACCOUNT_ROOT)
          .doesNotContain(token);
    } finally {
      serve.stop();
    }
    assertThat(serve.exit.get()).as(serve.err.toString(StandardCharsets.UTF_8)).isZero();
    assertThatThrownBy(() -> scrape(metricsPort)).isInstanceOf(ConnectException.class);
  }

  @Test
  void serve_withMetricsListenGivenOnlyAPort_servesMetricsOnLoopback_andSaysWhereInJson()
      throws Exception {
    Coffer.initialized(data);
    Serving serve =
        new Serving(
            "--data",
            data.toString(),
            "--json",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "0",
            "--grace",
            "5");
    try {
      int metricsPort = serve.await(Pattern.compile("\"metricsPort\": (\\d+)"));
      JsonObject announced = JsonParser.parseString(awaitJson(serve)).getAsJsonObject();
      assertThat(announced.get("metricsAddress").getAsString())
          .isEqualTo("127.0.0.1:" + metricsPort);
      assertThat(announced.get("metricsUrl").getAsString())
          .isEqualTo("http://127.0.0.1:" + metricsPort + "/metrics");
      assertThat(announced.get("port").getAsInt()).isNotEqualTo(metricsPort);
      assertThat(scrape(metricsPort).statusCode()).isEqualTo(200);
    } finally {
      serve.stop();
    }
    assertThat(serve.exit.get()).as(serve.err.toString(StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void serve_withMetricsOnAnAddressInUse_isAUsageErrorNamingMetricsListen() throws IOException {
    Coffer coffer = Coffer.initialized(data);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Coffer.Result r =
          coffer.run(
              "serve",
              "--listen",
              "127.0.0.1:0",
              "--metrics-listen",
              "127.0.0.1:" + taken.getLocalPort());
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.stderr())
          .contains("127.0.0.1:" + taken.getLocalPort() + " is already in use")
          .contains("--metrics-listen")
          .doesNotContain("internal error");
    }
  }

  @Test
  void serve_withMetricsOnTheListenAddress_isAUsageError() {
    Coffer.Result r =
        Coffer.initialized(data)
            .run("serve", "--listen", "127.0.0.1:7443", "--metrics-listen", "127.0.0.1:7443");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("--metrics-listen").contains("--listen");
  }

  @Test
  void serve_withAMetricsAddressThatIsNotHostPort_isAUsageErrorNamingTheOption() {
    Coffer.Result r =
        Coffer.initialized(data).run("serve", "--listen", "127.0.0.1:0", "--metrics-listen", "x");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("--metrics-listen must be HOST:PORT");
  }

  private static HttpResponse<String> scrape(int port) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON document serve printed, once it has printed all of it. */
  private static String awaitJson(Serving serve) throws InterruptedException {
    long until = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < until) {
      String out = serve.out.toString(StandardCharsets.UTF_8);
      if (out.strip().endsWith("}")) {
        return out;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no JSON document: " + serve.out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void serve_withAMissingTokensFile_exitsNotFound_namingIt() {
    Path missing = data.resolve("nope");
    Coffer.Result r =
        Coffer.initialized(data)
            .run("serve", "--listen", "127.0.0.1:0", "--plaintext", "--tokens", missing.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).isEqualTo("coffer: no such tokens file: " + missing + " (--tokens)\n");
  }

  @Test
  void serve_withADirectoryAsTokensFile_isAUsageError() {
    Coffer.Result r =
        Coffer.initialized(data)
            .run("serve", "--listen", "127.0.0.1:0", "--plaintext", "--tokens", data.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: the tokens file " + data + " is a directory; name the file (--tokens)\n");
  }

  @Test
  void serve_onAnAddressInUse_isAUsageErrorNamingTheAddressAndListen() throws IOException {
    Coffer coffer = Coffer.initialized(data);
    Path tokens =
        Files.writeString(
            data.resolve("tokens"),
            BearerTokens.fileLine(BearerTokens.newToken(), Principal.of(GlobalOptions.ACCOUNT_ROOT))
                + "\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Coffer.Result r =
          coffer.run(
              "serve",
              "--listen",
              "127.0.0.1:" + taken.getLocalPort(),
              "--plaintext",
              "--tokens",
              tokens.toString());
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.stderr())
          .contains("127.0.0.1:" + taken.getLocalPort() + " is already in use")
          .contains("--listen")
          .doesNotContain("internal error");
    }
  }

  @Test
  void serve_plaintextOffLoopback_isAUsageError() {
    Coffer.Result r = Coffer.initialized(data).run("serve", "--listen", "0.0.0.0:0", "--plaintext");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("loopback");
  }

  @Test
  void serve_onADataDirectoryThatDoesNotExist_isNotFound_andCreatesNothing() {
    Path missing = data.resolve("missing");

    Coffer.Result r = new Coffer(missing).run("serve", "--listen", "127.0.0.1:0");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).contains("no Coffer data directory").contains("coffer init");
    assertThat(missing).doesNotExist();
  }

  @Test
  void serve_onARegularFile_isNotFound_andLeavesTheFileAlone() throws Exception {
    Path file = Files.writeString(data.resolve("file"), "not a directory");

    Coffer.Result r = new Coffer(file).run("serve", "--listen", "127.0.0.1:0");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).contains("no Coffer data directory");
    assertThat(file).isRegularFile().hasContent("not a directory");
  }

  @Test
  void serve_asAnotherPrincipalAfterTheFirstRun_issuesATokenForIt_andTheFirstTokenStaysRoot()
      throws Exception {
    Coffer.initialized(data);
    Path sidecar = data.resolve("sidecar");
    Serving first =
        new Serving("--data", data.toString(), "serve", "--listen", "127.0.0.1:0", "--grace", "5");
    try {
      first.port();
    } finally {
      first.stop();
    }
    String rootToken = Files.readString(sidecar.resolve("token")).strip();

    Serving asApp = servingAs(APP);
    Path appTokenFile;
    String appToken;
    try {
      int port = asApp.port();
      appTokenFile = announcedTokenFile(asApp, APP);
      assertThat(appTokenFile).hasParent(sidecar).isNotEqualTo(sidecar.resolve("token"));
      assertThat(Files.getPosixFilePermissions(appTokenFile))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      appToken = Files.readString(appTokenFile).strip();
      assertThat(asApp.out.toString(StandardCharsets.UTF_8)).doesNotContain(appToken);
      assertThat(Files.readString(sidecar.resolve("tokens"))).doesNotContain(appToken);
      assertThat(callerOf(port, sidecar, appToken)).isEqualTo(APP);
      assertThat(callerOf(port, sidecar, rootToken)).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
    } finally {
      asApp.stop();
    }

    // A later run as the same principal reuses its token.
    Serving again = servingAs(APP);
    try {
      int port = again.port();
      assertThat(announcedTokenFile(again, APP)).isEqualTo(appTokenFile);
      assertThat(callerOf(port, sidecar, appToken)).isEqualTo(APP);
    } finally {
      again.stop();
    }
    assertThat(Files.readString(appTokenFile).strip()).isEqualTo(appToken);
    assertThat(Files.readString(sidecar.resolve("token")).strip()).isEqualTo(rootToken);
  }

  @Test
  void serve_asAPrincipalWithATokensFile_isAUsageError() throws Exception {
    Path tokens = Files.writeString(data.resolve("tokens"), "");
    Coffer.Result r =
        Coffer.initialized(data)
            .run("--as", APP, "serve", "--listen", "127.0.0.1:0", "--tokens", tokens.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("--as").contains("--tokens");
  }

  @Test
  void serve_withClientCa_takesClientCertificatesAsTheirPrincipal_andTokensStillWork(
      @TempDir Path pki) throws Exception {
    Coffer.initialized(data);
    Path sidecar = data.resolve("sidecar");
    TestCertificates certificates = new TestCertificates(pki);
    TestCertificates.Pem app = certificates.clientWithUri("app", APP);
    TestCertificates.Pem root = certificates.clientWithUri("root", GlobalOptions.ACCOUNT_ROOT);
    Serving serve =
        new Serving(
            "--data",
            data.toString(),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--grace",
            "5",
            "--client-ca",
            certificates.caFile.toString());
    try {
      int port = serve.port();
      try (CofferClient client =
          CofferClient.builder()
              .target("localhost", port)
              .tls(sidecar.resolve("server.pem"))
              .clientCertificate(app.certificate(), app.privateKey())
              .build()) {
        assertThat(client.caller().principal().name()).isEqualTo(APP);
      }
      Coffer.Result listed =
          Coffer.withoutData()
              .run(
                  "--server",
                  "127.0.0.1:" + port,
                  "--ca-cert",
                  sidecar.resolve("server.pem").toString(),
                  "--client-cert",
                  root.certificate().toString(),
                  "--client-key",
                  root.privateKey().toString(),
                  "ls");
      assertThat(listed.exitCode()).as(listed.stderr()).isZero();
      String token = Files.readString(sidecar.resolve("token")).strip();
      assertThat(callerOf(port, sidecar, token)).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
      // A certificate the CA did not issue names the root in vain: no call goes through with it.
      TestCertificates.Pem stranger = certificates.untrustedClient(GlobalOptions.ACCOUNT_ROOT);
      try (CofferClient client =
          CofferClient.builder()
              .target("localhost", port)
              .tls(sidecar.resolve("server.pem"))
              .clientCertificate(stranger.certificate(), stranger.privateKey())
              .build()) {
        assertThatThrownBy(() -> client.caller()).isInstanceOf(RuntimeException.class);
      }
    } finally {
      serve.stop();
    }
  }

  @Test
  void serve_withATlsCertificateThatIsNotPem_isAUsageErrorNamingTheFiles() throws IOException {
    Coffer coffer = Coffer.initialized(data);
    Path notPem = Files.writeString(data.resolve("not.pem"), "not a certificate\n");
    Path key = Files.writeString(data.resolve("not.key"), "not a key\n");

    Coffer.Result r =
        coffer.run(
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            notPem.toString(),
            "--tls-key",
            key.toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .startsWith("coffer: --tls-cert " + notPem + " or --tls-key " + key)
        .contains("not a usable PEM file")
        .doesNotContain("internal error");
  }

  @Test
  void serve_withAMissingTlsCertificate_isNotFound() {
    Coffer.Result r =
        Coffer.initialized(data)
            .run(
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                data.resolve("nope.pem").toString(),
                "--tls-key",
                data.resolve("nope.key").toString());

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).contains("--tls-cert: no such file");
  }

  @Test
  void serve_withClientCaAndPlaintext_isAUsageError() throws Exception {
    Path ca = Files.writeString(data.resolve("ca.pem"), "");
    Coffer.Result r =
        Coffer.initialized(data)
            .run("serve", "--listen", "127.0.0.1:0", "--plaintext", "--client-ca", ca.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("--client-ca");
  }

  @Test
  void serve_logsOneLineWithoutAStackTrace_forATlsClientOfAPlaintextServer() throws Exception {
    Coffer.initialized(data);
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    Logger netty = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty");
    netty.addHandler(capture);
    Path sidecar = data.resolve("sidecar");
    Serving serve =
        new Serving(
            "--data",
            data.toString(),
            "--plaintext",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--grace",
            "5");
    try {
      int port = serve.port();
      String token = Files.readString(sidecar.resolve("token")).strip();
      try (CofferClient client =
          CofferClient.builder().target("127.0.0.1", port).tls().token(token).build()) {
        assertThatThrownBy(() -> client.caller()).isInstanceOf(RuntimeException.class);
      }
      awaitRecord(records, "did not speak plaintext HTTP/2");
    } finally {
      serve.stop();
      netty.removeHandler(capture);
    }
    assertThat(records)
        .filteredOn(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .allSatisfy(
            r -> assertThat(r.getThrown()).as(r.getLoggerName() + ": " + r.getMessage()).isNull());
  }

  private static void awaitRecord(List<LogRecord> records, String text)
      throws InterruptedException {
    long until = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < until) {
      for (LogRecord r : records) {
        String message = r.getMessage() + (r.getThrown() == null ? "" : r.getThrown().getMessage());
        if (message.contains(text)) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing logged with " + text + ": " + records);
  }

  private Serving servingAs(String principal) {
    return new Serving(
        "--data",
        data.toString(),
        "--as",
        principal,
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--grace",
        "5");
  }

  private static Path announcedTokenFile(Serving serving, String principal) {
    Matcher m =
        Pattern.compile("Bearer token for " + Pattern.quote(principal) + ": in (\\S+)")
            .matcher(serving.out.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as(serving.out.toString(StandardCharsets.UTF_8)).isTrue();
    return Path.of(m.group(1));
  }

  private static String callerOf(int port, Path sidecar, String token) {
    try (CofferClient client =
        CofferClient.builder()
            .target("localhost", port)
            .tls(sidecar.resolve("server.pem"))
            .token(token)
            .build()) {
      return client.caller().principal().name();
    }
  }
}
