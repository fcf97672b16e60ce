package dev.coffer.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees from disk: walked in name order, links kept as links, what cannot be stored reported. */
class FileTreeArchiverTest {
  @TempDir Path keystoreDir;
  @TempDir Path work;
  ArchiveFixture fx;
  String key;

  @BeforeEach
  void setUp() {
    fx = new ArchiveFixture(keystoreDir);
    key = fx.createKey();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void aTree_isArchivedInNameOrder_withModesAndLinks_skippingLinksThatLeadOut() throws IOException {
    Path root = Files.createDirectories(work.resolve("root"));
    Files.writeString(root.resolve("b.txt"), "b");
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a/x.txt"), "x");
    Files.setPosixFilePermissions(
        root.resolve("a/x.txt"), PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(root.resolve("a/in"), Path.of("../b.txt"));
    Files.createSymbolicLink(root.resolve("out"), Path.of("../../elsewhere"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/hosts"));
    Files.writeString(root.resolve("left-out.tmp"), "not me");

    List<String> skipped = new ArrayList<>();
    byte[] archive =
        fx.archiveTree(
            key,
            root,
            "root",
            new FileTreeArchiver.Listener() {
              @Override
              public void skipped(Path path, String why) {
                skipped.add(root.relativize(path) + ": " + why);
              }

              @Override
              public boolean excluded(Path path, String name) {
                return path.getFileName().toString().endsWith(".tmp");
              }
            });

    List<Item> items = fx.open(archive);
    assertThat(items.stream().map(i -> i.entry().path()))
        .containsExactly("root", "root/a", "root/a/in", "root/a/x.txt", "root/b.txt");
    assertThat(items.get(2).entry().linkTarget()).isEqualTo("../b.txt");
    assertThat(items.get(3).entry().mode()).isEqualTo(0700);
    assertThat(items.get(3).data()).isEqualTo("x".getBytes());
    assertThat(skipped)
        .containsExactly(
            "abs: symbolic link not archived: it points at an absolute path (/etc/hosts)",
            "out: symbolic link not archived: it points outside the archive's root (../../elsewhere)");
  }

  @Test
  void aNameThatIsNotUtf8_isSkippedAndReported_notArchivedUnderAnotherName() throws Exception {
    Path root = Files.createDirectories(work.resolve("root"));
    Files.writeString(root.resolve("ok.txt"), "ok");
    // Java cannot name such a file itself; the shell passes the bytes through.
    Process sh =
        new ProcessBuilder("sh", "-c", "printf data > \"$(printf 'bad\\377\\376.txt')\"")
            .directory(root.toFile())
            .inheritIO()
            .start();
    assumeTrue(sh.waitFor() == 0, "sh can make a file whose name is not UTF-8");

    List<String> skipped = new ArrayList<>();
    byte[] archive =
        fx.archiveTree(
            key,
            root,
            "root",
            new FileTreeArchiver.Listener() {
              @Override
              public void skipped(Path path, String why) {
                skipped.add(why);
              }
            });

    assertThat(fx.open(archive).stream().map(i -> i.entry().path()))
        .containsExactly("root", "root/ok.txt");
    assertThat(skipped).hasSize(1);
    assertThat(skipped.get(0))
        .startsWith("its name is not valid ")
        .contains("\"bad\\xff\\xfe.txt\"", "rename it");
  }

  @Test
  void aFileRemovedBeforeItIsRead_isReportedAsVanished_andLeftOut() throws IOException {
    Path root = Files.createDirectories(work.resolve("root"));
    Files.writeString(root.resolve("gone.tmp"), "short-lived");
    Files.writeString(root.resolve("kept.txt"), "kept");

    List<String> skipped = new ArrayList<>();
    List<String> vanished = new ArrayList<>();
    byte[] archive =
        fx.archiveTree(
            key,
            root,
            "root",
            new FileTreeArchiver.Listener() {
              @Override
              public void skipped(Path path, String why) {
                skipped.add(root.relativize(path) + ": " + why);
              }

              @Override
              public void vanished(Path path) {
                vanished.add(root.relativize(path).toString());
              }

              @Override
              public boolean excluded(Path path, String name) {
                // Asked just before the file is read: the moment a live tree loses one.
                if (path.getFileName().toString().equals("gone.tmp")) {
                  path.toFile().delete();
                }
                return false;
              }
            });

    assertThat(fx.open(archive).stream().map(i -> i.entry().path()))
        .containsExactly("root", "root/kept.txt");
    assertThat(vanished).containsExactly("gone.tmp");
    assertThat(skipped).isEmpty();
  }
}
