package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archive extract} failing once files are going into place: what was placed stays, what was
 * not is named on stderr and in --json, the exit code is the failure's, and no staged plaintext is
 * left. The failure is caused for real, once the whole archive has been read from standard input:
 * every file is staged by then (a large last file keeps the others well before the end).
 */
class ArchiveExtractIncompleteTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private byte[] archive;
  private byte[] last;
  private Path out;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/backup");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "a");
    Files.createDirectories(src.resolve("b"));
    Files.writeString(src.resolve("b/x.txt"), "x");
    last = ArchiveCommandsTest.randomBytes(200_000, 3);
    Files.write(src.resolve("c.bin"), last);
    Path file = tmp.resolve("src.coffer");
    coffer
        .run("archive", "create", "-o", file.toString(), "--key", "alias/backup", src.toString())
        .assertOk();
    archive = Files.readAllBytes(file);
    out = tmp.resolve("out");
  }

  private interface Sabotage {
    void run() throws IOException;
  }

  /** The archive on standard input, running {@code atEnd} once it has all been read. */
  private static InputStream archiveThen(byte[] archive, Sabotage atEnd) {
    return new FilterInputStream(new ByteArrayInputStream(archive)) {
      private boolean done;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && !done) {
          done = true;
          atEnd.run();
        }
        return n;
      }
    };
  }

  private Coffer.Result extract(Sabotage atEnd, String... global) {
    List<String> args = new ArrayList<>(List.of(global));
    args.addAll(List.of("archive", "extract", "-C", out.toString(), "-"));
    return coffer.runWithInput(archiveThen(archive, atEnd), args.toArray(String[]::new));
  }

  /** A directory, with a file in it, where src/b/x.txt is to go. */
  private void directoryInPlaceOfX() throws IOException {
    Files.createDirectories(out.resolve("src/b/x.txt"));
    Files.writeString(out.resolve("src/b/x.txt/mine"), "mine");
  }

  private List<String> hiddenFiles() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(".coffer-"))
          .map(Path::toString)
          .toList();
    }
  }

  @Test
  void extract_whenAFileCannotBePutInPlaceLate_placesTheRest_namesIt_andExitsWithItsCode()
      throws IOException {
    Coffer.Result r = extract(this::directoryInPlaceOfX);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FILE_IO_FAILED);
    String failure =
        "cannot put \"src/b/x.txt\" in place: Is a directory (in " + out.resolve("src/b") + ")";
    assertThat(r.stderr())
        .isEqualTo(
            "coffer: "
                + failure
                + "\ncoffer: extracted into "
                + out
                + " only in part, though the archive is intact: 1 of 5 entries failed, the first: "
                + failure
                + "\n");
    assertThat(r.out()).isEmpty();
    // Everything else is in place, whole; the directory found there is untouched.
    assertThat(Files.readString(out.resolve("src/a.txt"))).isEqualTo("a");
    assertThat(Files.readAllBytes(out.resolve("src/c.bin"))).isEqualTo(last);
    assertThat(Files.readString(out.resolve("src/b/x.txt/mine"))).isEqualTo("mine");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void extract_whenAFileCannotBePutInPlaceLate_inJson_listsWhatFailed_andTheError()
      throws IOException {
    Coffer.Result r = extract(this::directoryInPlaceOfX, "--json");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.FILE_IO_FAILED);
    JsonObject result = r.json();
    assertThat(result.get("directory").getAsString()).isEqualTo(out.toString());
    assertThat(result.get("complete").getAsBoolean()).isFalse();
    assertThat(result.get("entries").getAsLong()).isEqualTo(5);
    JsonArray failed = result.getAsJsonArray("failed");
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getAsJsonObject().get("path").getAsString()).isEqualTo("src/b/x.txt");
    assertThat(failed.get(0).getAsJsonObject().get("reason").getAsString())
        .startsWith("cannot put \"src/b/x.txt\" in place: Is a directory");
    assertThat(result.getAsJsonArray("leftBehind")).isEmpty();
    assertThat(r.errorJson().get("code").getAsString()).isEqualTo("IO_FAILURE");
    assertThat(r.errorJson().get("message").getAsString()).contains("only in part");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void extract_whenADirectoryTurnsReadOnlyLate_emptiesTheStagedFileItCannotRemove_andNamesIt()
      throws IOException {
    Path b = out.resolve("src/b");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Path probe = Files.createDirectories(tmp.resolve("probe"));
      assumeTrue(run("chattr", "+i", probe.toString()), "chattr +i works here");
      run("chattr", "-i", probe.toString());
    }
    Coffer.Result r;
    try {
      r =
          extract(
              () -> {
                // Root ignores permission bits; the immutable flag stops even root.
                if (root) {
                  if (!run("chattr", "+i", b.toString())) {
                    throw new IOException("chattr +i failed");
                  }
                } else {
                  Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("r-xr-xr-x"));
                }
              });
    } finally {
      if (root) {
        run("chattr", "-i", b.toString());
      } else {
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }

    // EPERM from the immutable flag is no permission failure; EACCES is.
    assertThat(r.exitCode())
        .as(r.stderr())
        .isEqualTo(root ? ExitCodes.FILE_IO_FAILED : ExitCodes.ACCESS_DENIED);
    assertThat(r.stderr())
        .startsWith("coffer: cannot put \"src/b/x.txt\" in place: ")
        .contains("\ncoffer: left behind " + b + "/.coffer-part-")
        .contains(": emptied temporary file of \"src/b/x.txt\" (cannot remove it: ")
        .contains("only in part, though the archive is intact");
    assertThat(Files.readString(out.resolve("src/a.txt"))).isEqualTo("a");
    assertThat(Files.readAllBytes(out.resolve("src/c.bin"))).isEqualTo(last);
    assertThat(out.resolve("src/b/x.txt")).doesNotExist();
    List<String> hidden = hiddenFiles();
    assertThat(hidden).hasSize(1);
    assertThat(Files.size(Path.of(hidden.get(0)))).as("plaintext left in " + hidden).isZero();
  }

  private static boolean run(String... command) throws IOException {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
