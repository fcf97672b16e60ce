package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CofferServer;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command through {@code --server}, against a sidecar over TLS with a bearer token, beside
 * the same command on a data directory of its own that started in the same state: the same exit
 * code, the same standard output and {@code --json} documents, the same error codes, the same files
 * written. Only what differs by nature is masked before comparing: generated ids, times,
 * ciphertexts, and the audit log's record numbers (the two logs hold different records).
 */
class RemoteModeTest {
  private static final String ANALYST = "arn:aws:iam::000000000000:role/Analyst";
  private static final String ANALYST_POLICY =
      """
      {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                      "Resource": "*"}]}
      """;
  private static final String BUCKET_POLICY =
      """
      {"Version": "2012-10-17",
       "Statement": [{"Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*",
                      "Action": "s3:*", "Resource": "arn:aws:s3:::invoices/*",
                      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
      """;

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HEX = Pattern.compile("\\b[0-9a-f]{32,}\\b");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{40,}={0,2}");
  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?( UTC)?)?");
  // With thousands separators: a rate of 980 or 1,020 objects/s is the same output.
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:,\\d{3})*");

  @TempDir static Path tmp;

  private static Coffer local;
  private static Coffer remote;
  private static Coffer remoteAnalyst;
  private static dev.coffer.engine.Coffer served;
  private static CofferServer server;
  private static int port;
  private static Path certificate;

  /** What one mode has done so far: its runner, work directory and last result. */
  private static final class Mode {
    final String name;
    final Coffer coffer;
    final Coffer analyst;
    final Path work;
    Coffer.Result last;

    Mode(String name, Coffer coffer, Coffer analyst, Path work) {
      this.name = name;
      this.coffer = coffer;
      this.analyst = analyst;
      this.work = work;
    }
  }

  /**
   * One command line, as a function of the mode (its work directory, its previous result), with its
   * standard input and how its output is compared.
   */
  private record Step(
      String name,
      Function<Mode, String[]> args,
      Function<Mode, byte[]> stdin,
      boolean analyst,
      Function<String, String> view) {

    static Step of(String line) {
      return new Step(line, m -> split(line, m), m -> new byte[0], false, s -> s);
    }

    Step input(String text) {
      return new Step(name, args, m -> text.getBytes(StandardCharsets.UTF_8), analyst, view);
    }

    /** Standard input is the previous command's standard output. */
    Step piped() {
      return new Step(name, args, m -> m.last.stdout(), analyst, view);
    }

    Step asAnalyst() {
      return new Step(name, args, stdin, true, view);
    }

    /**
     * Also masks every number: for the audit log, whose two copies differ in length. Runs of spaces
     * shrink to two, since a table's columns are as wide as its longest number.
     */
    Step numbersMasked() {
      return new Step(
          name,
          args,
          stdin,
          analyst,
          s -> NUMBER.matcher(s).replaceAll("N").replaceAll(" {2,}", "  "));
    }

    /** Also drops what {@code regex} matches, after the other masks. */
    Step dropping(String regex) {
      Function<String, String> before = view;
      return new Step(name, args, stdin, analyst, s -> before.apply(s).replaceAll(regex, ""));
    }

    /** Arguments made from the previous result, e.g. an id it printed. */
    Step withArgs(Function<Mode, String[]> made) {
      return new Step(name, made, stdin, analyst, view);
    }

    private static String[] split(String line, Mode mode) {
      return line.replace("{work}", mode.work.toString()).split(" ");
    }
  }

  @BeforeAll
  static void startServerBesideALocalDataDirectory() throws IOException {
    local = Coffer.initialized(tmp.resolve("local"));
    // Opened once as the sidecar's is, so that both hold the object store's own metadata key.
    new DataDirectory(local.data()).openObjectStore(Optional.empty(), false).close();
    Path remoteData = tmp.resolve("remote");
    Coffer.initialized(remoteData);
    certificate = tmp.resolve("server.pem");
    Path key = tmp.resolve("server.key");
    SelfSignedCertificate.write(certificate, key, "127.0.0.1");
    String rootToken = BearerTokens.newToken();
    String analystToken = BearerTokens.newToken();
    Path tokens = tmp.resolve("tokens");
    Files.writeString(
        tokens,
        BearerTokens.fileLine(rootToken, Principal.of(GlobalOptions.ACCOUNT_ROOT))
            + "\n"
            + BearerTokens.fileLine(analystToken, Principal.of(ANALYST))
            + "\n");
    Path rootTokenFile = Files.writeString(tmp.resolve("root.token"), rootToken + "\n");
    Path analystTokenFile = Files.writeString(tmp.resolve("analyst.token"), analystToken);

    served = new DataDirectory(remoteData).openObjectStore(Optional.empty(), false);
    server =
        CofferServer.builder()
            .store(served)
            .listen("127.0.0.1", 0)
            .tokens(BearerTokens.load(tokens))
            .tls(certificate, key)
            .build()
            .start();
    port = server.port();
    // The remote runners name no data directory: one would be refused.
    remote = remoteRunner(rootTokenFile);
    remoteAnalyst = remoteRunner(analystTokenFile);
  }

  private static Coffer remoteRunner(Path tokenFile) {
    return Coffer.withoutData()
        .env(SidecarSession.SERVER_ENV, "127.0.0.1:" + port)
        .env(SidecarSession.CA_CERT_ENV, certificate.toString())
        .env(SidecarSession.TOKEN_FILE_ENV, tokenFile.toString());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (served != null) {
      served.close();
    }
  }

  private static List<Step> script() {
    return List.of(
        // Keys.
        Step.of("key create --alias alias/app --description app"),
        Step.of("key create --alias alias/other --json"),
        Step.of("key list"),
        Step.of("key list --json"),
        Step.of("key describe alias/app"),
        Step.of("key describe alias/app --json"),
        Step.of("key alias create alias/app2 alias/app"),
        Step.of("key alias update alias/app2 alias/other"),
        Step.of("key alias list --json"),
        Step.of("key alias delete alias/app2"),
        Step.of("key tags add alias/app team=web cost=42"),
        Step.of("key tags remove alias/app cost --json"),
        Step.of("key tags add alias/app aws:team=x"),
        Step.of("key update-description alias/app Invoices --json"),
        Step.of("key policy get alias/app"),
        Step.of("key policy list alias/app"),
        Step.of("key rotation enable alias/app"),
        Step.of("key rotation status alias/app --json"),
        Step.of("key rotation disable alias/app"),
        Step.of("key rotate alias/other"),
        Step.of("key rotation list alias/other"),
        Step.of("key disable alias/other"),
        Step.of("key encrypt alias/other - --context tenant=acme").input("s3cret"),
        Step.of("key enable alias/other"),
        Step.of("key generate-data-key alias/app --context tenant=acme --json"),
        Step.of("key encrypt alias/app - --context tenant=acme").input("s3cret"),
        Step.of("key re-encrypt - --context tenant=acme --to alias/other --to-context t=b").piped(),
        Step.of("key decrypt - --context t=b").piped(),
        Step.of("key decrypt - --context t=b").input("bm90IGEgYmxvYg=="),
        Step.of("key grant create alias/app --grantee " + ANALYST + " --operations Decrypt --json"),
        Step.of("key grant revoke alias/app GRANT")
            .withArgs(
                m ->
                    new String[] {
                      "key",
                      "grant",
                      "revoke",
                      "alias/app",
                      m.last.json().get("grantId").getAsString()
                    }),
        Step.of("key grant list alias/app"),
        Step.of("key schedule-deletion alias/other --dry-run"),
        Step.of("key schedule-deletion alias/other --days 7"),
        Step.of("key cancel-deletion alias/other"),
        Step.of("key enable alias/other"),
        Step.of("key describe alias/nope"),
        Step.of("principal policy put " + ANALYST + " read-only -").input(ANALYST_POLICY),
        Step.of("principal policy list " + ANALYST),
        Step.of("principal policy get " + ANALYST + " read-only"),
        // Buckets.
        Step.of("bucket create invoices --kms-key alias/app --bucket-key"),
        Step.of("bucket create plain --kms-key alias/app --json"),
        Step.of("bucket create Not_A_Bucket"),
        Step.of("bucket list"),
        Step.of("bucket encryption get invoices"),
        Step.of("bucket encryption put plain --kms-key alias/other"),
        Step.of("bucket tags put invoices team=finance"),
        Step.of("bucket tags get invoices --json"),
        Step.of("bucket policy put invoices -").input(BUCKET_POLICY),
        Step.of("bucket policy get invoices"),
        Step.of("bucket policy delete invoices"),
        // Objects.
        Step.of("put invoices/2026/a.txt - --context tenant=acme").input("hello, coffer\n"),
        Step.of("put invoices/2026/b.bin {work}/big.bin --content-type application/x-test"),
        Step.of("put invoices/2027/c.txt - --json").input("c"),
        Step.of("get invoices/2026/a.txt - --context tenant=acme"),
        Step.of("get invoices/2026/b.bin {work}/b.out"),
        Step.of("get invoices/2026/b.bin - --range 70000-70100"),
        Step.of("get invoices/2026/a.txt - --context tenant=other"),
        Step.of("get invoices/2026/missing -"),
        Step.of("get invoices/2026/a.txt -").asAnalyst(),
        Step.of("get invoices/2026/a.txt - --json").asAnalyst(),
        Step.of("head invoices/2026/a.txt"),
        Step.of("head invoices/2026/b.bin --json"),
        Step.of("ls"),
        Step.of("ls invoices/"),
        Step.of("ls invoices/ --delimiter / --json"),
        Step.of("ls invoices/2026/ --max-keys 1"),
        Step.of("verify invoices"),
        Step.of("verify invoices/2026/ --json"),
        Step.of(
            "cp invoices/2026/a.txt plain/a-copy.txt --source-context tenant=acme"
                + " --context tenant=acme"),
        Step.of("head plain/a-copy.txt --json"),
        Step.of(
            "cp plain/a-copy.txt plain/a-copy.txt --metadata-directive REPLACE"
                + " --content-type text/plain --metadata reviewed=yes --context tenant=acme"),
        Step.of("head plain/a-copy.txt --json"),
        Step.of("cp plain/a-copy.txt plain/b.txt --content-type text/plain"),
        Step.of("rm plain/a-copy.txt"),
        Step.of("bucket delete invoices"),
        // Rotation.
        // Counts masked: each local command is a process of its own that makes its own bucket key,
        // while the sidecar reuses one, so the rewrap moves more bucket keys locally.
        Step.of("rotate alias/app --rewrap --wait --json").numbersMasked(),
        Step.of("jobs status JOB")
            .withArgs(
                m -> new String[] {"jobs", "status", m.last.json().get("jobId").getAsString()})
            .numbersMasked(),
        Step.of("jobs list").numbersMasked(),
        Step.of("jobs cancel nosuchjob"),
        Step.of("get invoices/2026/a.txt - --context tenant=acme"),
        // Archives through the server's keys, export and import.
        Step.of(
            "archive create -o {work}/files.cfa --key alias/app --context case=7 {work}/big.bin"),
        Step.of("archive list {work}/files.cfa --json"),
        Step.of("archive verify {work}/files.cfa"),
        Step.of("archive extract -C {work}/extracted --context case=8 {work}/files.cfa"),
        Step.of("archive extract -C {work}/extracted --context case=7 {work}/files.cfa"),
        Step.of("archive list {work}/files.cfa big.bin --json"),
        Step.of("archive extract -O {work}/files.cfa big.bin"),
        Step.of("archive extract -C {work}/selected {work}/files.cfa big.bin nosuch"),
        Step.of(
            "archive create -o {work}/some.cfa --key alias/app --exclude *.bin"
                + " {work}/big.bin {work}/extracted"),
        Step.of("export invoices -o {work}/invoices.cfa"),
        Step.of("bucket create restored --kms-key alias/other"),
        Step.of("import {work}/invoices.cfa restored"),
        Step.of("ls restored/ --json"),
        Step.of("get restored/2026/a.txt - --context tenant=acme"),
        // The audit log.
        // The table's last column is the caller's address: the sidecar's clients have one.
        Step.of("audit query --event CreateBucket --outcome ALLOWED")
            .numbersMasked()
            .dropping("(?m)\\s+\\S+$"),
        // Calls through the sidecar have a source address and the CLI's user agent; local ones
        // neither.
        Step.of("audit query --event GetObject --outcome DENIED --json")
            .numbersMasked()
            .dropping("\"sourceIPAddress\":\\s*\"[^\"]*\",\\s*")
            .dropping("\"userAgent\":\\s*\"coffer-cli grpc-java[^\"]*\",\\s*"),
        // The sidecar's log is open, with records not yet under a digest; local ones are closed.
        Step.of("audit verify").numbersMasked().dropping(", N records after the last digest"),
        Step.of("audit export {work}/trail.jsonl").numbersMasked(),
        Step.of("audit public-key"));
  }

  @TestFactory
  Stream<DynamicTest> everyCommand_throughTheSidecar_behavesAsOnTheDataDirectory()
      throws IOException {
    Mode here = new Mode("embedded", local, local, Files.createDirectories(tmp.resolve("wl")));
    Mode there =
        new Mode("remote", remote, remoteAnalyst, Files.createDirectories(tmp.resolve("wr")));
    byte[] big = new byte[300_000];
    new Random(7).nextBytes(big);
    Files.write(here.work.resolve("big.bin"), big);
    Files.write(there.work.resolve("big.bin"), big);
    List<DynamicTest> tests = new ArrayList<>();
    for (Step step : script()) {
      tests.add(
          DynamicTest.dynamicTest(
              step.name(),
              () -> {
                Coffer.Result a = run(here, step);
                Coffer.Result b = run(there, step);
                assertThat(b.exitCode())
                    .as("exit code; stderr: %s", b.stderr())
                    .isEqualTo(a.exitCode());
                assertThat(view(step, b.out(), there)).isEqualTo(view(step, a.out(), here));
                assertThat(view(step, b.stderr(), there)).isEqualTo(view(step, a.stderr(), here));
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "files written", () -> assertThat(files(there.work)).isEqualTo(files(here.work))));
    return tests.stream();
  }

  @Test
  void commandsOnTheDataDirectoryItself_withServer_areRefusedAsUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"init"},
            new String[] {"serve"},
            new String[] {"demo"},
            new String[] {"--as", ANALYST, "ls"},
            new String[] {"archive", "list", "--keystore", tmp.toString(), "x.cfa"})) {
      Coffer.Result result = remote.run(args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
      assertThat(result.stderr()).as(String.join(" ", args)).contains("COFFER_SERVER");
      assertThat(result.stderr()).as(String.join(" ", args)).doesNotContain("--server");
    }
  }

  @Test
  void aRefusal_namesTheServerOption_whenThatIsWhatWasGiven() {
    Coffer.Result result = Coffer.withoutData().run("--server", "127.0.0.1:" + port, "init");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .isEqualTo(
            "coffer: coffer init works on the data directory itself (--data), not through"
                + " --server\n");
  }

  @Test
  void dataOrPassphraseFile_withServer_areRefusedAsUsageErrors_notIgnored() throws IOException {
    Path passphrase = Files.writeString(tmp.resolve("passphrase"), "secret\n");
    Coffer.Result data = remote.run("--data", tmp.resolve("local").toString(), "ls");
    Coffer.Result passphraseFile = remote.run("ls", "--passphrase-file", passphrase.toString());
    Coffer.Result option =
        new Coffer(tmp.resolve("local")).run("--server", "127.0.0.1:" + port, "ls");

    assertThat(data.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(data.stderr())
        .isEqualTo(
            "coffer: --data works on the data directory; through COFFER_SERVER the server's is"
                + " used\n");
    assertThat(passphraseFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(passphraseFile.stderr()).startsWith("coffer: --passphrase-file works on");
    assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(option.stderr()).contains("--data", "through --server");
  }

  @Test
  void passphraseEnv_withServer_isIgnoredWithAOneLineWarning_onceAndWithoutTheSecret() {
    Coffer withPassphrase =
        remoteRunner(tmp.resolve("root.token"))
            .env(Invocation.PASSPHRASE_ENV, "correct horse battery");

    Coffer.Result human = withPassphrase.run("ls");
    Coffer.Result json = withPassphrase.run("--json", "ls");

    String warning =
        "coffer: warning: COFFER_PASSPHRASE is ignored: it opens a data directory's keystore;"
            + " through COFFER_SERVER the server's is used\n";
    assertThat(human.assertOk().stderr()).isEqualTo(warning);
    assertThat(human.out()).isEqualTo(remote.run("ls").assertOk().out());
    assertThat(json.assertOk().stderr()).isEqualTo(warning);
    assertThat(JsonParser.parseString(json.out()).isJsonObject()).isTrue();
    assertThat(remote.run("ls").stderr()).isEmpty();
  }

  @Test
  void passphraseFileOrAs_withServer_areRefused_beforeTheArchiveIsRead() throws IOException {
    Path passphrase = Files.writeString(tmp.resolve("passphrase-for-archive"), "secret\n");
    Path notAnArchive = Files.writeString(tmp.resolve("not-an-archive"), "junk\n");

    Coffer.Result passphraseFile =
        remote.run(
            "--passphrase-file", passphrase.toString(), "archive", "list", notAnArchive.toString());
    Coffer.Result as = remote.run("--as", ANALYST, "archive", "verify", notAnArchive.toString());

    assertThat(passphraseFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(passphraseFile.stderr())
        .isEqualTo(
            "coffer: --passphrase-file works on the data directory; through COFFER_SERVER the"
                + " server's is used\n");
    assertThat(as.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(as.stderr()).startsWith("coffer: --as works on the data directory");
  }

  @Test
  void theAuditTable_showsTheAddressSidecarCallsCameFrom() {
    remote.run("ls").assertOk();
    String table = remote.run("audit", "query", "--event", "ListBuckets").assertOk().out();
    assertThat(table.lines().findFirst().orElseThrow()).endsWith("SOURCE");
    assertThat(table.lines().skip(1)).isNotEmpty().allMatch(line -> line.endsWith("127.0.0.1"));
  }

  @Test
  void aWrongToken_exitsServerUnreachable_withUnauthenticated() {
    Coffer.Result result =
        Coffer.withoutData()
            .env(SidecarSession.SERVER_ENV, "127.0.0.1:" + port)
            .env(SidecarSession.CA_CERT_ENV, certificate.toString())
            .env(SidecarSession.TOKEN_ENV, "not-a-token")
            .run("ls", "--json");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("UNAUTHENTICATED");
    assertThat(result.stderr()).doesNotContain("not-a-token");
  }

  @Test
  void anUntrustedServerCertificate_exitsServerUnreachable_namingTls() {
    Coffer.Result result =
        Coffer.withoutData()
            .env(SidecarSession.SERVER_ENV, "127.0.0.1:" + port)
            .env(SidecarSession.TOKEN_ENV, "not-a-token")
            .run("ls");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(result.stderr()).contains("TLS handshake").contains("--ca-cert");
  }

  @Test
  void plaintextAgainstATlsServer_exitsServerUnreachable_sayingToDropPlaintext() {
    Coffer.Result result =
        Coffer.withoutData()
            .env(SidecarSession.SERVER_ENV, "127.0.0.1:" + port)
            .env(SidecarSession.TOKEN_ENV, "not-a-token")
            .run("--plaintext", "ls");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(result.stderr())
        .contains("TLS")
        .contains("drop --plaintext")
        .doesNotContain("recvAddress")
        .hasLineCount(1);
  }

  @Test
  void tlsAgainstAPlaintextServer_exitsServerUnreachable_sayingToAddPlaintext_withoutAHexDump() {
    CofferServer plaintext =
        CofferServer.builder()
            .store(served)
            .listen("127.0.0.1", 0)
            .tokens(BearerTokens.none().with("a-token", Principal.of(GlobalOptions.ACCOUNT_ROOT)))
            .plaintext()
            .build()
            .start();
    try {
      Coffer.Result result =
          Coffer.withoutData()
              .env(SidecarSession.SERVER_ENV, "127.0.0.1:" + plaintext.port())
              .env(SidecarSession.CA_CERT_ENV, certificate.toString())
              .env(SidecarSession.TOKEN_ENV, "a-token")
              .run("ls");
      assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
      assertThat(result.stderr())
          .contains("plaintext")
          .contains("add --plaintext")
          .doesNotContainPattern("[0-9a-f]{16}")
          .hasLineCount(1);
    } finally {
      plaintext.close();
    }
  }

  @Test
  void noServerListening_exitsServerUnreachable() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Coffer.Result result = remote.run("--server", "127.0.0.1:" + closedPort, "ls");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(result.stderr()).contains("cannot reach the server");
  }

  @Test
  void plaintextToANonLoopbackAddress_isRefusedBeforeAnyTokenIsSent() {
    Coffer.Result result =
        Coffer.withoutData()
            .env(SidecarSession.TOKEN_ENV, "not-a-token")
            .run("--server", "192.0.2.1:7443", "--plaintext", "ls");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("loopback");
  }

  @Test
  void aMissingCaCertificateFile_isNotFound() {
    Coffer.Result result = remote.run("--ca-cert", tmp.resolve("nope.pem").toString(), "ls");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("--ca-cert");
  }

  @Test
  void aCaCertificateFileThatIsNotPem_isAUsageErrorNamingIt() throws IOException {
    Path notPem = Files.writeString(tmp.resolve("not.pem"), "not a certificate\n");

    Coffer.Result result = remote.run("--ca-cert", notPem.toString(), "ls");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .startsWith("coffer: --ca-cert " + notPem + ": not a usable PEM file")
        .doesNotContain("internal error");
  }

  @Test
  void aServerThatIsNotAHostName_isAUsageErrorNamingIt_notTheCaCertificate() {
    Coffer.Result result =
        Coffer.withoutData()
            .env(SidecarSession.TOKEN_ENV, "not-a-token")
            .run("--server", "no_such host:7443", "--ca-cert", certificate.toString(), "ls");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .contains("--server: not a host name or address: no_such host")
        .doesNotContain("PEM");
  }

  private static Coffer.Result run(Mode mode, Step step) {
    List<String> args = new ArrayList<>();
    if (step.analyst() && mode.coffer == local) {
      args.addAll(List.of("--as", ANALYST));
    }
    args.addAll(List.of(step.args().apply(mode)));
    Coffer runner = step.analyst() ? mode.analyst : mode.coffer;
    Coffer.Result result =
        runner.runWithInput(step.stdin().apply(mode), args.toArray(String[]::new));
    mode.last = result;
    return result;
  }

  private static String view(Step step, String output, Mode mode) {
    String s = output.replace(mode.work.toString(), "<work>");
    s = UUID.matcher(s).replaceAll("<uuid>");
    s = HEX.matcher(s).replaceAll("<hex>");
    s = BASE64.matcher(s).replaceAll("<base64>");
    s = TIME.matcher(s).replaceAll("<time>");
    s = step.view().apply(s);
    return normalizedJson(s);
  }

  /** JSON documents compare by content; objects' member order is not part of the contract. */
  private static String normalizedJson(String s) {
    String trimmed = s.strip();
    if (!trimmed.startsWith("{")) {
      return s;
    }
    try {
      JsonElement parsed = JsonParser.parseString(trimmed);
      return parsed.toString();
    } catch (RuntimeException notOneDocument) {
      return s;
    }
  }

  private static TreeMap<String, String> files(Path root) throws IOException {
    TreeMap<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(p).toString();
        // Archives and the exported trail hold ciphertext and record numbers that differ.
        files.put(
            name,
            name.endsWith(".cfa") || name.endsWith(".jsonl")
                ? "present"
                : Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(p))));
      }
    }
    return files;
  }
}
