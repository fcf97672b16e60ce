package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.engine.Coffer;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the sidecar from a client nobody here wrote: Python's {@code grpcio}, with stubs that
 * {@code protoc} and {@code grpc_python_plugin} generate from {@code proto/} at test time (and from
 * {@code google/rpc/status.proto} and {@code error_details.proto} of the common-protos jar already
 * on the classpath, so the script can read the ErrorInfo details). The script ({@code
 * interop/coffer_client.py}) talks TLS with a bearer token to a real server on a loopback port and
 * checks every answer, including the status codes and reasons of failures that {@code common.proto}
 * documents.
 *
 * <p>Needs {@code python3} with {@code grpc} and {@code google.protobuf}, {@code protoc} and {@code
 * grpc_python_plugin} (Debian: python3-grpcio python3-protobuf protobuf-compiler
 * protobuf-compiler-grpc). Without them the test is skipped, unless {@code
 * -Dcoffer.requireInterop=true} (as CI runs it), when it fails.
 */
class PythonClientInteropTest {
  static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  static final Principal NOBODY = Principal.of("arn:aws:iam::000000000000:role/Nobody");
  static final String INSTALL =
      "apt-get install -y python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc";
  static final long SCRIPT_TIMEOUT_SECONDS = 180;

  @TempDir Path data;
  @TempDir Path work;

  @Test
  void pythonClient_putGetHeadRotateAudit_seesDocumentedStatusCodes() throws Exception {
    Tools tools = Tools.find();
    Path stubs = generateStubs(tools);
    Path script = work.resolve("coffer_client.py");
    try (InputStream in = resource("interop/coffer_client.py")) {
      Files.copy(in, script);
    }
    TestCertificates pki = new TestCertificates(Files.createDirectory(work.resolve("certs")));
    TestCertificates.Pem serverPem = pki.server();
    String rootToken = BearerTokens.newToken();
    String nobodyToken = BearerTokens.newToken();
    Path rootTokenFile = secretFile("root.token", rootToken);
    Path nobodyTokenFile = secretFile("nobody.token", nobodyToken);

    try (Coffer coffer = Coffer.builder(data).warmUpCrypto(false).open();
        CofferServer server =
            CofferServer.builder()
                .store(coffer)
                .listen("127.0.0.1", 0)
                .tls(serverPem.certificate(), serverPem.privateKey())
                .tokens(BearerTokens.none().with(rootToken, ROOT).with(nobodyToken, NOBODY))
                .build()
                .start()) {
      Result run =
          run(
              work,
              List.of(
                  tools.python(),
                  script.toString(),
                  "--target",
                  "localhost:" + server.port(),
                  "--ca",
                  pki.caFile.toString(),
                  "--stubs",
                  stubs.toString(),
                  "--token-file",
                  rootTokenFile.toString(),
                  "--denied-token-file",
                  nobodyTokenFile.toString(),
                  "--principal",
                  ROOT.name(),
                  "--denied-principal",
                  NOBODY.name()));
      System.out.println(run.output());
      assertThat(run.exitCode())
          .as("coffer_client.py exit code; its output:%n%s", run.output())
          .isZero();
      assertThat(run.output())
          .as("coffer_client.py ran its checks")
          .contains("ok   PutObject: size", "ok   audit: PutObject")
          .containsPattern("(?m)^interop checks: \\d+ ok, 0 failing")
          .doesNotContainPattern("(?m)^FAIL ");
      assertThat(run.output()).doesNotContain(rootToken).doesNotContain(nobodyToken);
    }
  }

  /** Python stubs for coffer/api/v1 and google/rpc status and error details, in one directory. */
  private Path generateStubs(Tools tools) throws Exception {
    Path protoRoot = protoSources();
    Path rpcRoot = Files.createDirectories(work.resolve("rpc-protos"));
    List<String> files = new ArrayList<>();
    try (Stream<Path> api = Files.list(protoRoot.resolve("coffer/api/v1"))) {
      api.filter(p -> p.toString().endsWith(".proto"))
          .sorted()
          .forEach(p -> files.add(protoRoot.relativize(p).toString()));
    }
    assertThat(files).as("the API's .proto files").contains("coffer/api/v1/objects.proto");
    for (String name : List.of("google/rpc/status.proto", "google/rpc/error_details.proto")) {
      Path target = rpcRoot.resolve(name);
      Files.createDirectories(target.getParent());
      try (InputStream in = resource(name)) {
        Files.copy(in, target);
      }
      files.add(name);
    }
    Path stubs = Files.createDirectories(work.resolve("stubs"));
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.protoc(),
                "--proto_path=" + protoRoot,
                "--proto_path=" + rpcRoot,
                "--python_out=" + stubs,
                "--grpc_out=" + stubs,
                "--plugin=protoc-gen-grpc=" + tools.grpcPythonPlugin()));
    command.addAll(files);
    Result protoc = run(protoRoot, command);
    assertThat(protoc.exitCode())
        .as("protoc with grpc_python_plugin on %s; its output:%n%s", files, protoc.output())
        .isZero();
    return stubs;
  }

  /** {@code proto/src/main/protobuf} of the repository the test runs in. */
  private static Path protoSources() {
    Path relative = Path.of("proto", "src", "main", "protobuf");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(relative).resolve("coffer/api/v1"))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(
        "no "
            + relative
            + " above "
            + Path.of("").toAbsolutePath()
            + ": not run in the repository");
  }

  private static InputStream resource(String name) {
    InputStream in = PythonClientInteropTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("not on the test classpath: " + name);
    }
    return in;
  }

  private Path secretFile(String name, String secret) throws IOException {
    Path file = work.resolve(name);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
    return file;
  }

  record Result(int exitCode, String output) {}

  /** Runs a command to its end (or the timeout), its output and errors together. */
  private Result run(Path directory, List<String> command) throws Exception {
    Path log = Files.createTempFile(work, "run-", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(
          "%s did not finish within %d s; its output:%n%s",
          command.get(0), SCRIPT_TIMEOUT_SECONDS, Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  /**
   * Where the tools are: a python3 that imports grpc and google.protobuf (Debian's packages install
   * for /usr/bin/python3, which is tried first, since a python3 earlier on the PATH may be another
   * installation without them; {@code -Dcoffer.interop.python=PATH} names another), protoc and
   * grpc_python_plugin from the PATH.
   */
  record Tools(String python, String protoc, String grpcPythonPlugin) {
    static Tools find() throws Exception {
      List<String> missing = new ArrayList<>();
      String configured = System.getProperty("coffer.interop.python");
      Optional<String> python =
          (configured != null ? Stream.of(configured) : Stream.of("/usr/bin/python3", "python3"))
              .filter(PythonClientInteropTest.Tools::importsGrpc)
              .findFirst();
      if (python.isEmpty()) {
        missing.add("python3 with the grpc and google.protobuf modules");
      }
      Optional<String> protoc = onPath("protoc");
      if (protoc.isEmpty()) {
        missing.add("protoc");
      }
      Optional<String> plugin = onPath("grpc_python_plugin");
      if (plugin.isEmpty()) {
        missing.add("grpc_python_plugin");
      }
      if (!missing.isEmpty()) {
        String message =
            "the Python interop test needs " + String.join(", ", missing) + " (" + INSTALL + ")";
        if (Boolean.getBoolean("coffer.requireInterop")) {
          fail(message + "; -Dcoffer.requireInterop=true makes that a failure");
        }
        assumeTrue(false, message + "; skipped (-Dcoffer.requireInterop=true would fail it)");
      }
      return new Tools(python.orElseThrow(), protoc.orElseThrow(), plugin.orElseThrow());
    }

    private static boolean importsGrpc(String python) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import grpc, google.protobuf")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private static Optional<String> onPath(String name) {
      String path = System.getenv().getOrDefault("PATH", "");
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(Path.of(dir, name).toString());
        }
      }
      return Optional.empty();
    }
  }
}
