package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer get}: to standard output or a file, expected context, ranges, access. */
class GetCommandTest {
  private static final String READER = "arn:aws:iam::000000000000:role/Reader";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyArn = "arn:aws:kms:local:000000000000:key/" + coffer.createKey("--alias", "alias/app");
    coffer.createBucket("docs", "--kms-key", "alias/app", "--bucket-key");
  }

  @Test
  void putFromStdin_thenGetToStdout_returnsTheSameBytes() {
    byte[] data = randomBytes(3 * 1024 * 1024 + 17);

    coffer.put("docs/blob.bin", data).assertOk();
    Coffer.Result get = coffer.run("get", "docs/blob.bin", "-");

    assertThat(get.exitCode()).isZero();
    assertThat(get.stdout()).isEqualTo(data);
    assertThat(get.stderr()).isEmpty();
  }

  @Test
  void get_withoutFile_writesToStandardOutput_evenWithJson() {
    coffer.put("docs/a.txt", "hello").assertOk();

    assertThat(coffer.run("get", "docs/a.txt").assertOk().out()).isEqualTo("hello");
    assertThat(coffer.run("get", "docs/a.txt", "-", "--json").assertOk().out()).isEqualTo("hello");
  }

  @Test
  void get_atATerminalWithoutFile_refusesBinaryButPrintsTextAndExplicitDash() {
    byte[] binary = "abc\0def".getBytes(StandardCharsets.US_ASCII);
    coffer.put("docs/blob.bin", binary).assertOk();
    coffer.put("docs/a.txt", "hello").assertOk();
    coffer.atTerminal();

    Coffer.Result refused = coffer.run("get", "docs/blob.bin");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr())
        .contains("docs/blob.bin looks binary and standard output is a terminal")
        .contains("give - to print it anyway");

    assertThat(coffer.run("get", "docs/blob.bin", "-").assertOk().stdout()).isEqualTo(binary);
    assertThat(coffer.run("get", "docs/a.txt").assertOk().out()).isEqualTo("hello");
  }

  @Test
  void get_atATerminalWithoutFile_refusesANulInTheFirst64KiB_evenWhenTheFirstReadIsShort() {
    // The range starts on the last byte of the first 1 MiB segment, so the object's first read
    // returns that one byte; the NUL comes 100 bytes later, well inside the first 64 KiB.
    int segment = 1024 * 1024;
    byte[] data = new byte[2 * segment];
    Arrays.fill(data, (byte) 'a');
    data[segment + 100] = 0;
    coffer.put("docs/log.bin", data).assertOk();
    coffer.atTerminal();

    Coffer.Result refused =
        coffer.run("get", "docs/log.bin", "--range", (segment - 1) + "-" + (2 * segment - 1));

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr()).contains("looks binary");
  }

  @Test
  void get_withoutFileOutsideATerminal_writesBinaryToStandardOutput() {
    byte[] binary = new byte[] {0, 1, 2, 0};
    coffer.put("docs/blob.bin", binary).assertOk();

    assertThat(coffer.run("get", "docs/blob.bin").assertOk().stdout()).isEqualTo(binary);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void get_toAPipeClosedEarly_exitsQuietly_withTheClosedPipeCode() throws Exception {
    coffer.put("docs/blob.bin", randomBytes(4 * 1024 * 1024)).assertOk();
    Path stderr = tmp.resolve("get.err");

    // A real pipe, as in `coffer get docs/blob.bin - | head -c 100`.
    Process get =
        CofferChildProcess.command(coffer.data(), "get", "docs/blob.bin", "-")
            .redirectError(stderr.toFile())
            .start();
    get.getOutputStream().close();
    try (InputStream stdout = get.getInputStream()) {
      assertThat(stdout.readNBytes(100)).hasSize(100);
    }

    assertThat(get.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(get.exitValue()).isEqualTo(ExitCodes.CLOSED_PIPE);
    assertThat(Files.readString(stderr)).isEmpty();
  }

  /** Runs a command whose standard output fails as on a full disk; asserts what it reports. */
  private void assertFullDiskReported(String... command) {
    OutputStream fullDisk =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[command.length + 2];
    args[0] = "--data";
    args[1] = coffer.data().toString();
    System.arraycopy(command, 0, args, 2, command.length);

    int code =
        Main.execute(
            args,
            new ProcessOutput(fullDisk),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            InputStream.nullInputStream(),
            Map.of());

    assertThat(code).isEqualTo(ExitCodes.FILE_IO_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("coffer: cannot write to standard output: No space left on device\n");
  }

  @Test
  void get_toAStandardOutputThatFails_otherwise_saysWhy() {
    coffer.put("docs/a.txt", "hello").assertOk();

    assertFullDiskReported("get", "docs/a.txt", "-");
  }

  @Test
  void anyCommand_whoseStandardOutputFails_saysWhy_insteadOfSucceeding() {
    coffer.put("docs/a.txt", "hello").assertOk();

    assertFullDiskReported("ls", "docs/");
  }

  @Test
  void getToFile_writesTheObject_andPrintsWhatItDid() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");

    Coffer.Result human =
        coffer.run("get", "docs/a.txt", target.toString(), "--context", "tenant=acme");
    JsonObject json =
        coffer.run("get", "s3://docs/a.txt", target.toString(), "--json").assertOk().json();

    assertThat(human.out()).isEqualTo("download: docs/a.txt to " + target + " (5 bytes)\n");
    assertThat(Files.readString(target)).isEqualTo("hello");
    assertThat(json.get("file").getAsString()).isEqualTo(target.toString());
    assertThat(json.get("bytesWritten").getAsLong()).isEqualTo(5);
    assertThat(json.get("sseKmsKeyId").getAsString()).isEqualTo(keyArn);
    assertThat(siblings()).containsExactlyInAnyOrder("a.txt", "data");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void get_toAPipeNamedAsTheFile_writesIntoThePipe_andLeavesItInPlace() throws Exception {
    coffer.put("docs/a.txt", "hello").assertOk();
    Path fifo = tmp.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    // A daemon thread: if the get never opens the pipe, the reader must not keep the JVM alive.
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = Files.newInputStream(fifo)) {
                read.complete(in.readAllBytes());
              } catch (IOException e) {
                read.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();

    Coffer.Result get = coffer.run("get", "docs/a.txt", fifo.toString());

    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(get.exitCode()).isZero();
    assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(get.stdout()).isEmpty();
    assertThat(siblings()).containsExactlyInAnyOrder("fifo", "data");
  }

  @Test
  void get_toASymbolicLink_writesTheFileItLeadsTo_andKeepsTheLink() throws IOException {
    coffer.put("docs/a.txt", "hello").assertOk();
    Path real = Files.writeString(tmp.resolve("real.txt"), "previous");
    Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), real.getFileName());

    coffer.run("get", "docs/a.txt", link.toString()).assertOk();

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("hello");
    assertThat(siblings()).containsExactlyInAnyOrder("real.txt", "link.txt", "data");
  }

  @Test
  void get_withTheWrongExpectedContext_exitsIntegrityFailure_andLeavesNoFile() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");

    Coffer.Result result =
        coffer.run("get", "docs/a.txt", target.toString(), "--context", "tenant=globex", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INTEGRITY_FAILURE");
    assertThat(result.stdout()).isEmpty();
    assertThat(siblings()).containsExactly("data");
  }

  @Test
  void get_withTheWrongExpectedContext_namesBothTheExpectedAndTheObjectsContext() {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();

    Coffer.Result result = coffer.run("get", "docs/a.txt", "-", "--context", "tenant=globex");

    assertThat(result.stderr())
        .isEqualTo(
            "coffer: the object's encryption context differs from the expected one: expected"
                + " {tenant=globex}, the object's is {tenant=acme} (besides aws:s3:arn)\n");
  }

  @Test
  void get_overAnExistingFile_thatFails_keepsTheOldFile() throws IOException {
    coffer.put("docs/a.txt", "hello", "--context", "tenant=acme").assertOk();
    Path target = tmp.resolve("a.txt");
    Files.writeString(target, "previous");

    assertThat(coffer.run("get", "docs/a.txt", target.toString(), "--context", "x=y").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);

    assertThat(Files.readString(target)).isEqualTo("previous");
    assertThat(siblings()).containsExactlyInAnyOrder("a.txt", "data");
  }

  @Test
  void get_withTheExpectedContext_inAnyOrder_succeeds() {
    coffer.put("docs/a.txt", "hello", "--context", "a=1", "--context", "b=2").assertOk();

    Coffer.Result result =
        coffer.run("get", "docs/a.txt", "-", "--context", "b=2", "--context", "a=1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("hello");
  }

  @Test
  void get_withASubsetOfTheContext_isRefused() {
    coffer.put("docs/a.txt", "hello", "--context", "a=1", "--context", "b=2").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-", "--context", "a=1").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
  }

  @Test
  void getRange_returnsTheInclusiveBytes_acrossSegments() {
    byte[] data = randomBytes(2 * 1024 * 1024 + 100);
    coffer.put("docs/blob.bin", data).assertOk();
    int first = 1024 * 1024 - 10;
    int last = 1024 * 1024 + 9;

    Coffer.Result middle = coffer.run("get", "docs/blob.bin", "-", "--range", first + "-" + last);
    Coffer.Result tail = coffer.run("get", "docs/blob.bin", "-", "--range", "bytes=2097200-");
    Coffer.Result clipped = coffer.run("get", "docs/blob.bin", "-", "--range", "0-99999999");

    assertThat(middle.stdout()).isEqualTo(Arrays.copyOfRange(data, first, last + 1));
    assertThat(tail.stdout()).isEqualTo(Arrays.copyOfRange(data, 2097200, data.length));
    assertThat(clipped.stdout()).isEqualTo(data);
  }

  @Test
  void getRange_toFile_reportsTheContentRange() {
    coffer.put("docs/a.txt", "0123456789").assertOk();
    Path target = tmp.resolve("part.txt");

    JsonObject json =
        coffer
            .run("get", "docs/a.txt", target.toString(), "--range", "2-4", "--json")
            .assertOk()
            .json();

    assertThat(json.get("contentRange").getAsString()).isEqualTo("bytes 2-4/10");
    assertThat(json.get("bytesWritten").getAsLong()).isEqualTo(3);
    assertThat(json.get("contentLength").getAsLong()).isEqualTo(10);
  }

  @Test
  void getRange_thatIsMalformedOrBackwards_isAUsageError() {
    coffer.put("docs/a.txt", "0123456789").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "5-2").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "abc").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("get", "docs/a.txt", "-", "--range", "-0").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void getRange_suffixAndOpenEnded_returnTheTail() {
    coffer.put("docs/a.txt", "0123456789").assertOk();

    assertThat(new String(coffer.run("get", "docs/a.txt", "-", "--range", "-3").stdout()))
        .isEqualTo("789");
    assertThat(new String(coffer.run("get", "docs/a.txt", "-", "--range", "bytes=7-").stdout()))
        .isEqualTo("789");
  }

  @Test
  void getRange_beyondTheEnd_isAUsageError() {
    coffer.put("docs/a.txt", "0123456789").assertOk();

    Coffer.Result result = coffer.run("get", "docs/a.txt", "-", "--range", "10-20");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("InvalidRange");
  }

  @Test
  void get_ofAMissingKeyOrBucket_exitsNotFound() {
    Coffer.Result noKey = coffer.run("get", "docs/nope", "-");
    Coffer.Result noBucket = coffer.run("get", "nothing/nope", "-");

    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noKey.stderr()).contains("NoSuchKey");
    assertThat(noBucket.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noBucket.stderr()).contains("NoSuchBucket");
  }

  @Test
  void get_withDisabledKey_exitsKeyUnavailable() {
    coffer.put("docs/a.txt", "hello", "--no-bucket-key").assertOk();
    coffer.run("key", "disable", "alias/app").assertOk();

    assertThat(coffer.run("get", "docs/a.txt", "-").exitCode())
        .isEqualTo(ExitCodes.KEY_UNAVAILABLE);
  }

  @Test
  void principalWithGetObjectButNotDecrypt_isDeniedByTheKeyLayer_yetMayHead() {
    coffer.put("docs/a.txt", "secret").assertOk();
    coffer.attachPolicy(
        READER,
        "read-docs",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::docs/*\"}}");

    Coffer.Result get = coffer.run("--as", READER, "get", "docs/a.txt", "-");
    Coffer.Result head = coffer.run("--as", READER, "head", "docs/a.txt");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(get.stderr()).contains(READER, "kms:Decrypt", keyArn);
    assertThat(get.stdout()).isEmpty();
    assertThat(head.exitCode()).isZero();
  }

  private String[] siblings() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
