package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer archive create|extract|list|verify}: round trips, pipes, output, offline use. */
class ArchiveCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private Path src;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.write(src.resolve("big.bin"), randomBytes(300_000, 1));
    Files.writeString(src.resolve("ünïcödé ✓.txt"), "ünïcödé\n");
    Files.write(src.resolve("empty"), new byte[0]);
    Path deep = src;
    for (int i = 0; i < 40; i++) {
      deep = Files.createDirectories(deep.resolve("level" + i));
    }
    Files.writeString(deep.resolve("bottom.txt"), "deep");
    Files.createDirectories(src.resolve("empty-dir"));
    Files.createSymbolicLink(src.resolve("link"), Path.of("ünïcödé ✓.txt"));
    Files.setPosixFilePermissions(
        src.resolve("empty"), PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void createThenExtract_restoresTheTree_namesModesLinksAndBytes() throws IOException {
    Path archive = tmp.resolve("src.coffer");
    Coffer.Result created =
        coffer.run(
            "archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.out()).startsWith("archive: 47 entries, 293.0 KiB to " + archive);

    Path out = tmp.resolve("out");
    Coffer.Result extracted =
        coffer.run("archive", "extract", "-C", out.toString(), archive.toString());
    assertThat(extracted.exitCode()).as(extracted.stderr()).isZero();
    assertThat(extracted.out()).isEqualTo("extract: 47 entries, 293.0 KiB to " + out + "\n");
    assertSameTree(src, out.resolve("src"));
  }

  @Test
  void createToStdout_pipedIntoExtractFromStdin_roundTrips() throws IOException {
    Coffer.Result created =
        coffer.run("archive", "create", "-o", "-", "--key", "alias/backup", src.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stderr()).isEmpty();

    Path out = tmp.resolve("out");
    coffer
        .runWithInput(created.stdout(), "archive", "extract", "-C", out.toString(), "-")
        .assertOk();
    assertSameTree(src, out.resolve("src"));
  }

  @Test
  void stdinIn_andToStdoutOut_roundTripTheBytes() {
    byte[] data = randomBytes(1024 * 1024 + 3, 2);
    Coffer.Result created =
        coffer.runWithInput(data, "archive", "create", "-o", "-", "--key", "alias/backup", "-");
    assertThat(created.exitCode()).as(created.stderr()).isZero();

    Coffer.Result listed = coffer.runWithInput(created.stdout(), "archive", "list", "-");
    assertThat(listed.assertOk().out()).matches("-rw-r--r-- +1048579 .* stdin\n");
    Coffer.Result extracted =
        coffer.runWithInput(created.stdout(), "archive", "extract", "-O", "-");
    assertThat(extracted.assertOk().stdout()).isEqualTo(data);
  }

  @Test
  void create_withNoPaths_isAUsageError_andWritesNothing() {
    Path archive = tmp.resolve("empty.coffer");

    Coffer.Result result =
        coffer.run("archive", "create", "-o", archive.toString(), "--key", "alias/backup");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).startsWith("coffer: Missing required parameter: 'PATH'");
    assertThat(archive).doesNotExist();
  }

  @Test
  void listAndVerify_inJson_showTheHeaderEntriesAndCounts() {
    Path archive = tmp.resolve("a.coffer");
    String recovery = coffer.createKey();
    coffer
        .run(
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            "--recipient",
            recovery,
            "--context",
            "project=apollo",
            src.resolve("empty").toString(),
            src.resolve("link").toString())
        .assertOk();

    JsonObject list = coffer.run("--json", "archive", "list", archive.toString()).assertOk().json();
    assertThat(list.get("formatVersion").getAsInt()).isEqualTo(1);
    assertThat(list.getAsJsonArray("recipients")).hasSize(2);
    assertThat(list.getAsJsonObject("encryptionContext").get("project").getAsString())
        .isEqualTo("apollo");
    assertThat(list.get("segmentSize").getAsInt()).isEqualTo(4096);
    assertThat(list.get("createdBy").getAsString()).isEqualTo(GlobalOptions.ACCOUNT_ROOT);
    assertThat(list.get("entries").getAsLong()).isEqualTo(2);
    JsonObject first = list.getAsJsonArray("entryList").get(0).getAsJsonObject();
    assertThat(first.get("path").getAsString()).isEqualTo("empty");
    assertThat(first.get("mode").getAsString()).isEqualTo("0600");
    assertThat(first.get("type").getAsString()).isEqualTo("file");
    JsonObject second = list.getAsJsonArray("entryList").get(1).getAsJsonObject();
    assertThat(second.get("type").getAsString()).isEqualTo("symlink");
    assertThat(second.get("linkTarget").getAsString()).isEqualTo("ünïcödé ✓.txt");

    JsonObject verify =
        coffer
            .run("--json", "archive", "verify", "--key", recovery, archive.toString())
            .assertOk()
            .json();
    assertThat(verify.get("verified").getAsBoolean()).isTrue();
    assertThat(verify.getAsJsonObject("openedWith").get("keyArn").getAsString()).endsWith(recovery);
  }

  @Test
  void archiveCommands_workOfflineWithOnlyAKeystoreDirectory() throws IOException {
    Path archive = tmp.resolve("a.coffer");
    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString())
        .assertOk();
    // Nothing but a copy of the keystore: no data directory, no object store.
    Path keys = tmp.resolve("usb/keys");
    copyTree(tmp.resolve("data/keystore"), keys);
    Coffer elsewhere = new Coffer(tmp.resolve("nowhere"));
    Path out = tmp.resolve("out");
    elsewhere
        .run(
            "archive",
            "extract",
            "--keystore",
            keys.toString(),
            "-C",
            out.toString(),
            archive.toString())
        .assertOk();
    assertSameTree(src, out.resolve("src"));
    assertThat(tmp.resolve("nowhere")).doesNotExist();
    assertThat(tmp.resolve("usb"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().equals("db"));
  }

  @Test
  void archiveCommands_neverOpenTheObjectStore() throws IOException {
    // `coffer init` makes only the keystore; the object store would appear at its first use.
    assertThat(tmp.resolve("data/db")).doesNotExist();
    Path archive = tmp.resolve("a.coffer");
    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString())
        .assertOk();
    coffer.run("archive", "verify", archive.toString()).assertOk();
    coffer
        .run("archive", "extract", "-C", tmp.resolve("out").toString(), archive.toString())
        .assertOk();
    assertThat(tmp.resolve("data/db")).doesNotExist();
  }

  @Test
  void create_intoTheDirectoryBeingArchived_leavesTheArchiveItselfOut() {
    Path archive = src.resolve("self.coffer");
    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString())
        .assertOk();
    assertThat(coffer.run("archive", "list", archive.toString()).assertOk().out())
        .doesNotContain("self.coffer")
        .doesNotContain(".coffer-part");
  }

  @Test
  void create_withAMissingKey_failsAndWritesNoArchive() {
    Path archive = tmp.resolve("a.coffer");
    Coffer.Result r =
        coffer.run(
            "archive", "create", "-o", archive.toString(), "--key", "alias/nope", src.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(archive).doesNotExist();
    assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));

    Coffer.Result noDefault =
        coffer.run("archive", "create", "-o", archive.toString(), src.toString());
    assertThat(noDefault.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noDefault.stderr()).contains("no --key given", "alias/coffer/default");
  }

  @Test
  void create_withAMissingPath_failsBeforeOpeningAnything() {
    Coffer.Result r =
        coffer.run(
            "archive",
            "create",
            "-o",
            tmp.resolve("a.coffer").toString(),
            "--key",
            "alias/backup",
            tmp.resolve("missing").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).contains("no such file or directory");
  }

  @Test
  void create_ofASymbolicLinkWrittenWithASlash_archivesTheDirectoryUnderTheLinksName()
      throws IOException {
    // "docs/" names the directory, as for ls; it was read as "docs", an empty archive.
    Path link = Files.createSymbolicLink(tmp.resolve("docs"), src.toAbsolutePath());
    Path archive = tmp.resolve("docs.coffer");

    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", link + "/")
        .assertOk();

    Path out = tmp.resolve("out");
    coffer.run("archive", "extract", "-C", out.toString(), archive.toString()).assertOk();
    assertSameTree(src, out.resolve("docs"));
  }

  @Test
  void create_ofAPipe_isRefusedWithHowToArchiveWhatItDelivers_andWritesNothing() throws Exception {
    Path fifo = tmp.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    Path archive = tmp.resolve("fifo.coffer");

    Coffer.Result r =
        coffer.run(
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            fifo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("not a regular file", "--stdin-name NAME - <");
    assertThat(archive).doesNotExist();
  }

  @Test
  void create_ofALinkThatCannotBeKept_isRefusedWithTheWayToArchiveItsDirectory() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("docs"), src.toAbsolutePath());
    Path archive = tmp.resolve("docs.coffer");

    Coffer.Result r =
        coffer.run(
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            link.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("absolute path", "name " + link + "/ to archive");
    assertThat(archive).doesNotExist();
  }

  @Test
  void create_withTheOutputReachedThroughASymbolicLink_leavesTheArchiveItselfOut()
      throws IOException {
    Path way = Files.createSymbolicLink(tmp.resolve("way"), src.toAbsolutePath());

    coffer
        .run(
            "archive",
            "create",
            "-o",
            way.resolve("self.coffer").toString(),
            "--key",
            "alias/backup",
            src.toString())
        .assertOk();

    assertThat(coffer.run("archive", "list", src.resolve("self.coffer").toString()).out())
        .doesNotContain("self.coffer")
        .doesNotContain(".coffer-part");
  }

  @Test
  void create_reportsWhatItSkipped_escapedOnStderr_countedInTheSummary_andListedInJson()
      throws IOException {
    Files.createSymbolicLink(src.resolve("abs\nlink"), Path.of("/etc/hosts"));
    Path archive = tmp.resolve("a.coffer");

    Coffer.Result human =
        coffer.run(
            "archive", "create", "-o", archive.toString(), "--key", "alias/backup", src.toString());
    assertThat(human.assertOk().out()).contains("; 1 skipped, not in the archive (see above)");
    assertThat(human.stderr())
        .isEqualTo(
            "coffer: skipped "
                + src.resolve("abs\\x0alink")
                + ": symbolic link not archived: it points at an absolute path (/etc/hosts)\n");

    Coffer.Result json =
        coffer.run(
            "--json",
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            src.toString());
    assertThat(json.assertOk().stderr()).isEmpty();
    JsonObject skipped = json.json().getAsJsonArray("skipped").get(0).getAsJsonObject();
    assertThat(skipped.get("path").getAsString()).isEqualTo(src.resolve("abs\nlink").toString());
    assertThat(skipped.get("reason").getAsString()).contains("absolute path");
  }

  @Test
  void create_skippingANameThatIsNotUtf8_showsItOnlyEscaped_neverAsMisDecodedText()
      throws Exception {
    assumeTrue(
        "UTF-8".equals(System.getProperty("sun.jnu.encoding")), "the tests run in a UTF-8 locale");
    Process sh =
        new ProcessBuilder("sh", "-c", "printf data > \"$(printf 'bad\\377\\376.txt')\"")
            .directory(src.toFile())
            .inheritIO()
            .start();
    assumeTrue(sh.waitFor() == 0, "sh can make a file whose name is not UTF-8");

    Coffer.Result r =
        coffer.run(
            "archive",
            "create",
            "-o",
            tmp.resolve("a.coffer").toString(),
            "--key",
            "alias/backup",
            src.toString());

    assertThat(r.assertOk().out()).contains("; 1 skipped, not in the archive (see above)");
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: skipped a file in "
                + src
                + ": its name is not valid UTF-8 (\"bad\\xff\\xfe.txt\"), and archive names are"
                + " UTF-8 text; rename it to archive it\n");

    Coffer.Result json =
        coffer.run(
            "--json",
            "archive",
            "create",
            "-o",
            tmp.resolve("b.coffer").toString(),
            "--key",
            "alias/backup",
            src.toString());
    JsonObject skipped = json.assertOk().json().getAsJsonArray("skipped").get(0).getAsJsonObject();
    // The path names the file by the same escaped bytes as the reason, not by U+FFFD.
    assertThat(skipped.get("path").getAsString())
        .isEqualTo(src.resolve("bad\\xff\\xfe.txt").toString());
    assertThat(skipped.get("reason").getAsString()).contains("(\"bad\\xff\\xfe.txt\")");
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> walk = Files.walk(expected)) {
      List<Path> all = walk.toList();
      for (Path e : all) {
        Path a = actual.resolve(expected.relativize(e).toString());
        if (Files.isSymbolicLink(e)) {
          assertThat(Files.readSymbolicLink(a)).isEqualTo(Files.readSymbolicLink(e));
        } else if (Files.isDirectory(e)) {
          assertThat(a).isDirectory();
        } else {
          assertThat(Files.readAllBytes(a)).as(a.toString()).isEqualTo(Files.readAllBytes(e));
          assertThat(Files.getPosixFilePermissions(a)).isEqualTo(Files.getPosixFilePermissions(e));
          assertThat(Files.getLastModifiedTime(a).toMillis())
              .isEqualTo(Files.getLastModifiedTime(e).toMillis());
        }
      }
      try (Stream<Path> other = Files.walk(actual)) {
        assertThat(other.count()).isEqualTo(all.size());
      }
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().equals("LOCK")) {
          Files.copy(f, target);
        }
      }
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
