package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer archive create --exclude PATTERN}: what matches stays out of the archive. */
class ArchiveExcludeTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private Path src;
  private Path archive;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    src = Files.createDirectories(tmp.resolve("src"));
    write("app.js", "app/node_modules/lib.js", "app/x.tmp", "app/main.js", "build/out.o");
    write("docs/build/page.html", "docs/index.md", "node_modules/top.js", "notes.tmp");
    archive = tmp.resolve("src.coffer");
  }

  private void write(String... files) throws IOException {
    for (String f : files) {
      Path p = src.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
  }

  private Coffer.Result create(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("archive", "create", "-o", archive.toString(), "--key", "alias/backup"));
    args.addAll(List.of(options));
    return coffer.run(args.toArray(String[]::new));
  }

  private List<String> paths() {
    Coffer.Result listed = coffer.run("--json", "archive", "list", archive.toString()).assertOk();
    List<String> paths = new ArrayList<>();
    listed
        .json()
        .getAsJsonArray("entryList")
        .forEach(e -> paths.add(e.getAsJsonObject().get("path").getAsString()));
    return paths;
  }

  @Test
  void create_withExcludeOfAName_leavesItOutAtEveryDepth_withoutReadingInsideIt()
      throws IOException {
    // Walked, this link would be reported as skipped on stderr (it leads out of the tree).
    Files.createSymbolicLink(src.resolve("app/node_modules/out"), Path.of("/etc/hosts"));

    Coffer.Result r = create("--exclude", "node_modules", "--exclude=*.tmp", src.toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.out()).contains("; 4 excluded by --exclude");
    assertThat(paths())
        .containsExactly(
            "src",
            "src/app",
            "src/app/main.js",
            "src/app.js",
            "src/build",
            "src/build/out.o",
            "src/docs",
            "src/docs/build",
            "src/docs/build/page.html",
            "src/docs/index.md");
  }

  @Test
  void create_withExcludeOfAPathWithASlash_matchesOnlyTheWholeStoredPath() {
    create("--exclude", "src/build", "--exclude", "src/*/*.js", src.toString()).assertOk();

    assertThat(paths())
        .contains("src/docs/build", "src/docs/build/page.html", "src/app", "src/app.js")
        .doesNotContain(
            "src/build", "src/build/out.o", "src/app/main.js", "src/node_modules/top.js")
        .contains("src/app/node_modules/lib.js");
  }

  @Test
  void create_withDoubleStar_crossesDirectories_butKeepsTheDirectoryItself() {
    create("--exclude", "src/docs/**", src.toString()).assertOk();

    assertThat(paths()).contains("src/docs").noneMatch(p -> p.startsWith("src/docs/"));
  }

  @Test
  void create_withExcludeMatchingAPathArgument_leavesThatPathOut_andArchivesTheOthers()
      throws IOException {
    Path other = Files.writeString(tmp.resolve("other.txt"), "other");

    Coffer.Result r = create("--exclude", "src", src.toString(), other.toString()).assertOk();

    assertThat(r.out()).startsWith("archive: 1 entry, ").contains("; 1 excluded by --exclude");
    assertThat(paths()).containsExactly("other.txt");
  }

  @Test
  void create_withExcludeMatchingStandardInputsName_storesNothingForIt() {
    Coffer.Result r =
        coffer.runWithInput(
            "unread",
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            "--stdin-name",
            "dump.sql",
            "--exclude",
            "*.sql",
            "-");

    assertThat(r.assertOk().out()).startsWith("archive: 0 entries, ");
    assertThat(paths()).isEmpty();
  }

  @Test
  void create_inJson_countsWhatWasExcluded_andDoesNotReportItAsSkipped() {
    JsonObject json =
        create("--json", "--exclude", "node_modules", "--exclude", "*.tmp", src.toString())
            .assertOk()
            .json();

    assertThat(json.get("excluded").getAsInt()).isEqualTo(4);
    assertThat(json.getAsJsonArray("skipped")).isEmpty();
    assertThat(json.getAsJsonArray("changed")).isEmpty();
    assertThat(create("--json", src.toString()).assertOk().json().get("excluded").getAsInt())
        .isZero();
  }

  @Test
  void create_withoutExclude_saysNothingAboutExclusion() {
    assertThat(create(src.toString()).assertOk().out()).doesNotContain("exclude");
  }

  @Test
  void create_withAPatternThatCouldMatchNothing_isAUsageError_andWritesNothing() {
    Coffer.Result r = create("--exclude", "/src/build", src.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: --exclude /src/build: entry paths are relative (as `coffer archive list`"
                + " shows them): write src/build, which a pattern with a '/' matches from the"
                + " archive's top\n");
    assertThat(archive).doesNotExist();
  }

  @Test
  void create_ofAnExcludedPathThatDoesNotExist_stillFailsAsNotFound() {
    Coffer.Result r = create("--exclude", "missing", tmp.resolve("missing").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(archive).doesNotExist();
  }
}
