package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names against the locale: archive names are UTF-8, while the JVM reads and writes file names
 * in the locale's charset, which under the C locale (no LANG, as in many containers) holds ASCII
 * only.
 */
class ArchiveFileNamesTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private Path archive;

  @BeforeEach
  void init() throws IOException {
    assumeTrue(
        "UTF-8".equals(System.getProperty("sun.jnu.encoding")), "the tests run in a UTF-8 locale");
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("naïve ✓.txt"), "accents");
    Files.createSymbolicLink(src.resolve("link"), Path.of("naïve ✓.txt"));
    archive = tmp.resolve("src.coffer");
    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString())
        .assertOk();
  }

  @Test
  void underTheCLocale_anArchiveWithNonAsciiNames_listsAndVerifies_notAnIntegrityFailure()
      throws Exception {
    assertThat(inCLocale("archive", "list", archive.toString()).exitCode).isZero();
    assertThat(inCLocale("archive", "verify", archive.toString()).exitCode).isZero();
    assertThat(inCLocale("archive", "extract", "-O", archive.toString()).stdout)
        .isEqualTo("accents");
  }

  @Test
  void underTheCLocale_extractingNonAsciiNames_isRefusedWithTheCure_andLeavesNothing()
      throws Exception {
    Path out = tmp.resolve("out");

    Run run = inCLocale("archive", "extract", "-C", out.toString(), archive.toString());

    assertThat(run.exitCode).as(run.stderr).isEqualTo(ExitCodes.USAGE);
    assertThat(run.stderr).contains("cannot extract", "LANG=C.UTF-8").doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run inCLocale(String... args) throws Exception {
    ProcessBuilder builder = CofferChildProcess.command(coffer.data(), args);
    builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] stdout = process.getInputStream().readAllBytes();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), stderr);
  }
}
