package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, {@code ./coffer demo}, run as a user runs it: a real process. */
class CofferScriptTest {
  @TempDir Path work;

  private record Result(int exitCode, String stdout) {}

  private Result run(String shellCommand) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", shellCommand)
            .directory(work.toFile())
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
    return new Result(p.exitValue(), out);
  }

  private static String coffer() {
    return RepositoryFiles.root().resolve("coffer").toString();
  }

  @Test
  void demo_exitsZero_withEveryStepAsNarrated() throws Exception {
    Result r = run(coffer() + " demo");
    assertThat(r.stdout()).contains("✓").doesNotContain("✗");
    assertThat(r.exitCode()).as(r.stdout()).isZero();
  }

  @Test
  void aSecondStart_loadsCofferFromTheStartUpArchive_andKeepsJvmMessagesOffStdout()
      throws Exception {
    String c = "COFFER_STARTUP_CACHE=on " + coffer();
    assertThat(run(c + " --version").exitCode()).isZero();
    Path classes = work.resolve("classes.log");

    Result r =
        run(
            "COFFER_JAVA_OPTS='-Xlog:class+load=info:file="
                + classes
                + " -XX:+UseLargePages' "
                + c
                + " --version");

    assertThat(r.exitCode()).isZero();
    // A JVM warning (here that no large pages are configured) must not land in piped output.
    assertThat(r.stdout()).startsWith("coffer ").doesNotContain("warning");
    assertThat(Files.readString(classes))
        .containsPattern("dev\\.coffer\\.cli\\.Main source: shared objects file");
  }

  @Test
  void withoutTheStartUpCache_commandsStillRun() throws Exception {
    Result r = run("COFFER_STARTUP_CACHE=off " + coffer() + " --version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("coffer ");
  }

  @Test
  void encryptPipedIntoDecrypt_roundTrips_inTheCurrentDirectory() throws Exception {
    String c = coffer();
    Result r =
        run(
            c
                + " init >/dev/null && "
                + c
                + " key create --alias alias/e2e >/dev/null && "
                + "printf 'secret payload' | "
                + c
                + " key encrypt alias/e2e - --context app=e2e"
                + " | "
                + c
                + " key decrypt - --context app=e2e");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("secret payload");
    assertThat(work.resolve("coffer-data/keystore/keystore.bin")).exists();
  }

  @Test
  void decryptWithTheWrongContext_exitsWithTheIntegrityCode() throws Exception {
    String c = coffer();
    Result r =
        run(
            c
                + " init >/dev/null && "
                + c
                + " key create --alias alias/e2e >/dev/null && "
                + "printf x | "
                + c
                + " key encrypt alias/e2e - --context a=1"
                + " | "
                + c
                + " key decrypt - --context a=2");
    assertThat(r.exitCode()).isEqualTo(5);
  }
}
