package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer archive extract|list FILE MEMBER...}: only the entries the members name. */
class ArchiveMembersTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private Path archive;
  private Path out;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("app.sql"), "create table t;\n");
    Path guide = Files.createDirectories(app.resolve("docs/guide"));
    Files.writeString(guide.resolve("a.md"), "a");
    Files.writeString(app.resolve("docs/index.md"), "index");
    Files.setPosixFilePermissions(
        app.resolve("docs"), PosixFilePermissions.fromString("rwx--x---"));
    Files.createDirectories(app.resolve("docs2"));
    archive = tmp.resolve("app.coffer");
    coffer
        .run("archive", "create", "-o", archive.toString(), "--key", "alias/backup", app.toString())
        .assertOk();
    out = tmp.resolve("out");
  }

  private Coffer.Result extract(String... members) {
    List<String> args =
        new ArrayList<>(List.of("archive", "extract", "-C", out.toString(), archive.toString()));
    args.addAll(List.of(members));
    return coffer.run(args.toArray(String[]::new));
  }

  private List<String> extracted() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(p -> !p.equals(out)).map(p -> out.relativize(p).toString()).toList();
    }
  }

  @Test
  void extract_withADirectoryMember_extractsItsSubtree_andTheDirectoriesOnTheWayWithTheirModes()
      throws IOException {
    Coffer.Result r = extract("app/docs/guide");

    assertThat(r.assertOk().out()).isEqualTo("extract: 2 entries, 1 B to " + out + "\n");
    assertThat(extracted())
        .containsExactlyInAnyOrder("app", "app/docs", "app/docs/guide", "app/docs/guide/a.md");
    assertThat(Files.getPosixFilePermissions(out.resolve("app/docs")))
        .isEqualTo(PosixFilePermissions.fromString("rwx--x---"));
  }

  @Test
  void extract_withSeveralMembers_extractsEachAndNoNeighbourWithASimilarName() throws IOException {
    extract("app/app.sql", "app/docs/").assertOk();

    assertThat(extracted())
        .containsExactlyInAnyOrder(
            "app",
            "app/app.sql",
            "app/docs",
            "app/docs/guide",
            "app/docs/guide/a.md",
            "app/docs/index.md");
  }

  @Test
  void extract_withAMemberNotInTheArchive_failsAndLeavesNothing() throws IOException {
    Files.createDirectories(out);

    Coffer.Result r = extract("app/docs", "app/doc", "app/app.sq");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: not in the archive: \"app/doc\", \"app/app.sq\" (no entry has those paths"
                + " or lies under them)\n");
    assertThat(r.out()).isEmpty();
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_withAMemberThatCannotBeAnEntry_isAUsageError_beforeTheArchiveIsOpened() {
    Coffer.Result r = extract("/etc/passwd");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).startsWith("coffer: member \"/etc/passwd\" cannot name an entry: ");
    assertThat(out).doesNotExist();
  }

  @Test
  void extract_inJson_countsTheExtractedEntries() {
    JsonObject json =
        coffer
            .run("--json", "archive", "extract", "-C", out.toString(), archive.toString(), "app")
            .assertOk()
            .json();

    assertThat(json.get("entries").getAsLong()).isEqualTo(7);
    assertThat(json.get("complete").getAsBoolean()).isTrue();
  }

  @Test
  void extractToStdout_withAMember_writesOnlyThatFilesBytes() {
    Coffer.Result r = coffer.run("archive", "extract", "-O", archive.toString(), "app/app.sql");

    assertThat(r.assertOk().out()).isEqualTo("create table t;\n");
  }

  @Test
  void extractToStdout_withADirectoryMember_writesItsFilesInArchiveOrder() {
    Coffer.Result r = coffer.run("archive", "extract", "-O", archive.toString(), "app/docs");

    assertThat(r.assertOk().out()).isEqualTo("aindex");
  }

  @Test
  void extractToStdout_withAMemberNotInTheArchive_failsAsNotFound_afterWhatMatched() {
    Coffer.Result r =
        coffer.run("archive", "extract", "-O", archive.toString(), "app/app.sql", "app/nope");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.out()).isEqualTo("create table t;\n");
    assertThat(r.stderr()).contains("\"app/nope\"");
  }

  @Test
  void list_withMembers_listsOnlyTheirEntries() {
    Coffer.Result human = coffer.run("archive", "list", archive.toString(), "app/docs/guide");
    assertThat(human.assertOk().out().lines().map(l -> l.replaceAll(".* ", "")))
        .containsExactly("app/docs/guide", "app/docs/guide/a.md");

    JsonObject json =
        coffer
            .run("--json", "archive", "list", archive.toString(), "app/app.sql")
            .assertOk()
            .json();
    assertThat(json.getAsJsonArray("entryList")).hasSize(1);
  }

  @Test
  void list_withMembers_reportsTotalsOfTheSelection_andTheArchivesApart() {
    JsonObject json =
        coffer.run("--json", "archive", "list", archive.toString(), "app/docs").assertOk().json();

    assertThat(json.getAsJsonArray("entryList")).hasSize(4);
    assertThat(json.get("entries").getAsLong()).isEqualTo(4);
    assertThat(json.get("bytes").getAsLong()).isEqualTo("a".length() + "index".length());
    assertThat(json.get("archiveEntries").getAsLong()).isEqualTo(7);
    assertThat(json.get("archiveBytes").getAsLong())
        .isEqualTo("create table t;\n".length() + "a".length() + "index".length());
  }

  @Test
  void list_withoutMembers_reportsTheArchivesTotalsInBothPlaces() {
    JsonObject json = coffer.run("--json", "archive", "list", archive.toString()).assertOk().json();

    assertThat(json.getAsJsonArray("entryList")).hasSize(7);
    assertThat(json.get("entries").getAsLong()).isEqualTo(7);
    assertThat(json.get("archiveEntries").getAsLong()).isEqualTo(7);
    assertThat(json.get("bytes").getAsLong()).isEqualTo(22);
    assertThat(json.get("archiveBytes").getAsLong()).isEqualTo(22);
  }

  @Test
  void list_withAMemberNotInTheArchive_failsAsNotFound() {
    Coffer.Result r = coffer.run("--json", "archive", "list", archive.toString(), "app/nope");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.out()).isEmpty();
  }
}
