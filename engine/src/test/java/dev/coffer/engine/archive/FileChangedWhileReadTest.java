package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that changes while it is read is stored as read, up to its size when opened, and reported
 * with what changed (tar's "file changed as we read it"); the archive stays valid. The change is
 * made by the listener's data hook after the first chunk has been read: no timing involved.
 */
class FileChangedWhileReadTest {
  private static final int SIZE = 300_000;

  @TempDir Path keystoreDir;
  @TempDir Path work;
  ArchiveFixture fx;
  String key;
  Path root;
  Path live;
  byte[] original;

  @BeforeEach
  void setUp() throws IOException {
    fx = new ArchiveFixture(keystoreDir);
    key = fx.createKey();
    root = Files.createDirectories(work.resolve("root"));
    original = random(SIZE, 7);
    live = Files.write(root.resolve("live.bin"), original);
    Files.writeString(root.resolve("still.txt"), "unchanged");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** What an archive of {@code root} held and what the archiver reported changed. */
  private record Result(List<Item> items, List<String> changed, long readBeforeChange) {
    byte[] data(String name) {
      return items.stream()
          .filter(i -> i.entry().path().equals("root/" + name))
          .findFirst()
          .orElseThrow()
          .data();
    }
  }

  private interface Change {
    void make(Path file) throws IOException;
  }

  /** Archives {@code root}, making {@code change} to live.bin once its first bytes were read. */
  private Result archive(Change change) throws IOException {
    List<String> changed = new ArrayList<>();
    long[] readBeforeChange = {-1};
    byte[] archive =
        fx.archiveTree(
            key,
            root,
            "root",
            new FileTreeArchiver.Listener() {
              @Override
              public InputStream entry(ArchiveEntry entry, InputStream data) {
                return entry.path().equals("root/live.bin")
                    ? changingAfterFirstRead(data, change, readBeforeChange)
                    : data;
              }

              @Override
              public void changed(Path path, String why) {
                changed.add(root.relativize(path) + ": " + why);
              }
            });
    // Read to the end record, which checks the entry count and byte total: a valid archive.
    return new Result(fx.open(archive), changed, readBeforeChange[0]);
  }

  private InputStream changingAfterFirstRead(InputStream data, Change change, long[] readBefore) {
    return new FilterInputStream(data) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
          if (readBefore[0] < 0) {
            readBefore[0] = read;
            change.make(live);
          }
        }
        return n;
      }
    };
  }

  @Test
  void aFileThatGrowsWhileRead_isStoredAsItWasWhenOpened_andReported() throws IOException {
    Result r = archive(f -> Files.write(f, random(50_000, 8), StandardOpenOption.APPEND));

    assertThat(r.changed())
        .containsExactly("live.bin: it grew as it was read: its first 300000 bytes are stored");
    assertThat(r.data("live.bin")).isEqualTo(original);
    assertThat(r.data("still.txt")).isEqualTo("unchanged".getBytes());
  }

  @Test
  void aFileThatShrinksWhileRead_isStoredAsFarAsItLasted_andReported() throws IOException {
    Result r =
        archive(
            f -> {
              try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                c.truncate(1000);
              }
            });

    long read = r.readBeforeChange();
    assertThat(read).isBetween(1001L, SIZE - 1L);
    assertThat(r.changed())
        .containsExactly(
            "live.bin: it shrank as it was read: " + read + " of its 300000 bytes were read");
    assertThat(r.data("live.bin")).isEqualTo(Arrays.copyOf(original, (int) read));
  }

  @Test
  void aFileRewrittenInPlaceWhileRead_isReportedByItsModificationTime() throws IOException {
    byte[] rewritten = random(SIZE, 9);
    Result r =
        archive(
            f -> {
              Files.write(f, rewritten, StandardOpenOption.WRITE);
              // An explicit time: two writes in one clock tick could otherwise share theirs.
              Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
            });

    assertThat(r.changed())
        .containsExactly("live.bin: its modification time changed as it was read");
    // Torn, as tar's copy would be: the first chunk as it was, the rest as rewritten.
    int split = (int) r.readBeforeChange();
    byte[] stored = r.data("live.bin");
    assertThat(Arrays.copyOf(stored, split)).isEqualTo(Arrays.copyOf(original, split));
    assertThat(Arrays.copyOfRange(stored, split, SIZE))
        .isEqualTo(Arrays.copyOfRange(rewritten, split, SIZE));
  }

  @Test
  void aFileWhoseModeChangesWhileRead_isReportedByItsStatusChangeTime() throws IOException {
    assumeTrue(work.getFileSystem().supportedFileAttributeViews().contains("unix"));
    Result r =
        archive(
            f -> {
              // ctime cannot be set; chmod moves it to now, and "now" must be a later tick.
              Object before = Files.getAttribute(f, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
              long deadline = System.nanoTime() + 10_000_000_000L;
              String mode = "rw-------";
              while (before.equals(Files.getAttribute(f, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
                  && System.nanoTime() < deadline) {
                mode = mode.equals("rw-------") ? "rw-r-----" : "rw-------";
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
              }
            });

    assertThat(r.changed())
        .containsExactly("live.bin: its status change time (ctime) changed as it was read");
    assertThat(r.data("live.bin")).isEqualTo(original);
  }

  @Test
  void aFileReplacedWhileRead_isStoredAsRead_andReported() throws IOException {
    Result r =
        archive(
            f -> {
              Path other = Files.write(f.resolveSibling("other.tmp"), new byte[] {1, 2, 3});
              Files.move(other, f, StandardCopyOption.REPLACE_EXISTING);
            });

    assertThat(r.changed())
        .containsExactly("live.bin: it was replaced by another file as it was read");
    // The open file is the old one, read to its end.
    assertThat(r.data("live.bin")).isEqualTo(original);
  }

  @Test
  void aFileRemovedWhileRead_isStoredAsRead_andReported() throws IOException {
    Result r = archive(Files::delete);

    assertThat(r.changed()).containsExactly("live.bin: it was removed as it was read");
    assertThat(r.data("live.bin")).isEqualTo(original);
  }

  @Test
  void filesLeftAlone_areNotReported() throws IOException {
    Result r = archive(f -> {});

    assertThat(r.changed()).isEmpty();
    assertThat(r.data("live.bin")).isEqualTo(original);
  }

  @Test
  void aFileWithMoreBytesThanItsSize_isReportedAsGrown() throws IOException {
    // Kernel files say size 0 and still have contents: the archive holds what the size said.
    Path proc = Path.of("/proc/self/stat");
    assumeTrue(Files.isReadable(proc) && Files.size(proc) == 0);
    List<String> changed = new ArrayList<>();
    byte[] archive =
        fx.archiveTree(
            key,
            proc,
            "stat",
            new FileTreeArchiver.Listener() {
              @Override
              public void changed(Path path, String why) {
                changed.add(path + ": " + why);
              }
            });

    assertThat(changed)
        .containsExactly("/proc/self/stat: it grew as it was read: its first 0 bytes are stored");
    assertThat(fx.open(archive)).extracting(i -> i.data().length).containsExactly(0);
  }
}
