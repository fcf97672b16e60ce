package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archive create} of a file that changes while it is read: stored as read, named on stderr
 * with tar's words, listed in --json, exit code 15, and the archive still verifies. The file is
 * changed through the read seam once its first chunk has been read: no timing involved.
 */
class ArchiveChangedFilesTest {
  private static final int SIZE = 300_000;

  @TempDir Path tmp;
  private Coffer coffer;
  private Path src;
  private Path live;
  private byte[] original;
  private long readBeforeChange = -1;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    src = Files.createDirectories(tmp.resolve("src"));
    original = ArchiveCommandsTest.randomBytes(SIZE, 1);
    live = Files.write(src.resolve("live.log"), original);
    Files.writeString(src.resolve("quiet.txt"), "quiet");
  }

  private interface Change {
    void make() throws IOException;
  }

  /** Makes {@code change} once live.log's first bytes have been read into the archive. */
  private void changeLiveLogAfterItsFirstChunk(Change change) {
    coffer.archiveReads(
        (entry, data) ->
            entry.path().equals("src/live.log")
                ? new FilterInputStream(data) {
                  private long read;

                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                      read += n;
                      if (readBeforeChange < 0) {
                        readBeforeChange = read;
                        change.make();
                      }
                    }
                    return n;
                  }
                }
                : data);
  }

  private void grow() throws IOException {
    Files.write(live, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
  }

  private void shrink() throws IOException {
    try (FileChannel c = FileChannel.open(live, StandardOpenOption.WRITE)) {
      c.truncate(100);
    }
  }

  private Coffer.Result create(Path archive, String... global) {
    List<String> args = new ArrayList<>(List.of(global));
    args.addAll(List.of("archive", "create", "-o", archive.toString(), "--key", "alias/backup"));
    args.add(src.toString());
    return coffer.run(args.toArray(String[]::new));
  }

  /** Verifies the archive, extracts it, and returns live.log as the archive holds it. */
  private byte[] verifiedLiveLog(Path archive) throws IOException {
    assertThat(coffer.run("archive", "verify", archive.toString()).exitCode()).isZero();
    Path out = tmp.resolve("out");
    coffer.run("archive", "extract", "-C", out.toString(), archive.toString()).assertOk();
    assertThat(Files.readString(out.resolve("src/quiet.txt"))).isEqualTo("quiet");
    return Files.readAllBytes(out.resolve("src/live.log"));
  }

  @Test
  void create_ofAFileGrowingWhileRead_warnsAndExitsWithChangedCode() throws IOException {
    Path archive = tmp.resolve("a.coffer");

    changeLiveLogAfterItsFirstChunk(this::grow);
    Coffer.Result r = create(archive);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FILES_CHANGED_WHILE_READ);
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: "
                + live
                + ": file changed as we read it (it grew as it was read: its first 300000 bytes"
                + " are stored); stored as read\n");
    assertThat(r.out())
        .startsWith("archive: 3 entries, ")
        .endsWith("; 1 changed or vanished as they were read (see above)\n");
    // As tar: the file as it was when opened, not the bytes appended meanwhile.
    assertThat(verifiedLiveLog(archive)).isEqualTo(original);
  }

  @Test
  void create_ofAFileRemovedBeforeItIsRead_namesItAsTarDoes_leavesItOut_andExitsWithChangedCode()
      throws IOException {
    Path doomed = Files.writeString(src.resolve("zz.tmp"), "short-lived");
    Path archive = tmp.resolve("a.coffer");

    // Walked after live.log, so gone by the time the walk reaches it.
    changeLiveLogAfterItsFirstChunk(() -> Files.delete(doomed));
    Coffer.Result r = create(archive);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FILES_CHANGED_WHILE_READ);
    assertThat(r.stderr()).isEqualTo("coffer: " + doomed + ": file removed before we read it\n");
    assertThat(r.out()).endsWith("; 1 changed or vanished as they were read (see above)\n");
    Coffer.Result list = coffer.run("archive", "list", archive.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    assertThat(list.out()).contains("src/live.log").doesNotContain("zz.tmp");
  }

  @Test
  void create_ofAFileShrinkingWhileRead_inJson_listsItUnderChanged_andTheArchiveStaysValid()
      throws IOException {
    Path archive = tmp.resolve("a.coffer");

    changeLiveLogAfterItsFirstChunk(this::shrink);
    Coffer.Result r = create(archive, "--json");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FILES_CHANGED_WHILE_READ);
    assertThat(r.stderr()).isEmpty();
    JsonObject result = r.json();
    assertThat(result.getAsJsonArray("skipped")).isEmpty();
    JsonArray changed = result.getAsJsonArray("changed");
    assertThat(changed).hasSize(1);
    JsonObject item = changed.get(0).getAsJsonObject();
    assertThat(item.get("path").getAsString()).isEqualTo(live.toString());
    assertThat(item.get("reason").getAsString())
        .isEqualTo(
            "it shrank as it was read: " + readBeforeChange + " of its 300000 bytes were read");
    // No declared size to contradict: the entry holds what was read, and the totals agree.
    assertThat(result.get("bytes").getAsLong()).isEqualTo(readBeforeChange + "quiet".length());
    assertThat(verifiedLiveLog(archive)).isEqualTo(Arrays.copyOf(original, (int) readBeforeChange));
    JsonObject listed =
        coffer.run("--json", "archive", "list", archive.toString()).assertOk().json();
    assertThat(listed.getAsJsonArray("entryList").get(1).getAsJsonObject().get("size").getAsLong())
        .isEqualTo(readBeforeChange);
  }

  @Test
  void create_toStandardOutputInJson_stillWarnsOnStderr_sinceThereIsNoResultDocument()
      throws IOException {
    changeLiveLogAfterItsFirstChunk(this::grow);
    Coffer.Result r =
        coffer.run(
            "--json", "archive", "create", "-o", "-", "--key", "alias/backup", src.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FILES_CHANGED_WHILE_READ);
    assertThat(r.stderr()).contains(live + ": file changed as we read it (it grew");
    Path archive = Files.write(tmp.resolve("piped.coffer"), r.stdout());
    assertThat(verifiedLiveLog(archive)).isEqualTo(original);
  }

  @Test
  void create_withNothingChanging_exitsZero_andListsNoChanges() {
    Coffer.Result r = create(tmp.resolve("a.coffer"), "--json");

    assertThat(r.assertOk().stderr()).isEmpty();
    assertThat(r.json().getAsJsonArray("changed")).isEmpty();
  }
}
