package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's sample of {@code coffer archive list} is what the command prints, to the space. */
class ReadmeArchiveListingTest {
  @TempDir Path work;

  @Test
  void archiveListSample_isTheLineTheCommandPrintsForThatFile() throws Exception {
    Path data = work.resolve("data");
    Path a = Files.createDirectories(work.resolve("docs")).resolve("a.txt");
    Files.write(a, new byte[1234]);
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-11-23T12:00:00Z")));
    Path archive = work.resolve("docs.coffer");
    run(data, "init");
    run(data, "key", "create", "--alias", "alias/backup");
    run(data, "archive", "create", "-o", archive.toString(), "--key", "alias/backup", a.toString());

    String listed = run(data, "archive", "list", archive.toString()).strip();

    assertThat(listed).endsWith(" a.txt");
    // The sample lists the file under docs/, as archiving the directory would.
    String sample = listed.substring(0, listed.length() - "a.txt".length()) + "docs/a.txt";
    assertThat(Files.readString(RepositoryFiles.root().resolve("README.md")))
        .contains("./coffer archive list docs.coffer ")
        .contains("# " + sample + "\n");
  }

  private static String run(Path data, String... args) {
    List<String> all = new ArrayList<>(List.of("--data", data.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            Map.of());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
