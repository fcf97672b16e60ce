package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.SEGMENT;
import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.testing.UnicodeStrings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into an archive comes out as it was: names, types, modes, times and bytes. */
class ArchiveRoundTripTest {
  @TempDir Path dir;
  ArchiveFixture fx;
  String key;

  @BeforeEach
  void setUp() {
    fx = new ArchiveFixture(dir);
    key = fx.createKey();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private List<Item> roundTrip(List<Item> items) throws IOException {
    return fx.open(fx.seal(key, items));
  }

  @Test
  void emptyArchive_opensWithNoEntries() throws IOException {
    byte[] archive = fx.seal(key, List.of());
    assertThat(fx.open(archive)).isEmpty();
  }

  @Test
  void emptyFiles_andEmptyDirectories_roundTrip() throws IOException {
    List<Item> items =
        List.of(
            Item.directory("empty-dir"),
            Item.file("empty", new byte[0]),
            Item.file("empty-dir2/also-empty", new byte[0]));
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Test
  void singleAndMultiSegmentFiles_atAndAroundSegmentBoundaries_roundTrip() throws IOException {
    List<Item> items = new ArrayList<>();
    int plain = SEGMENT - 16;
    int[] sizes = {1, plain - 56, plain - 1, plain, plain + 1, 2 * plain, 10 * plain + 7, 300_000};
    for (int i = 0; i < sizes.length; i++) {
      items.add(Item.file("f" + i + ".bin", random(sizes[i], i)));
    }
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Test
  void aDeepTree_roundTrips() throws IOException {
    List<Item> items = new ArrayList<>();
    StringBuilder path = new StringBuilder("d0");
    items.add(Item.directory(path.toString()));
    for (int depth = 1; depth < 200; depth++) {
      path.append("/d").append(depth);
      items.add(Item.directory(path.toString()));
      items.add(Item.file(path + "/file", ("at depth " + depth).getBytes(StandardCharsets.UTF_8)));
    }
    items.add(Item.symlink(path + "/up", "../../d198/file"));
    assertThat(roundTrip(items)).containsExactlyElementsOf(items);
  }

  @Test
  void unicodeNames_andContents_roundTrip() {
    qt().withExamples(25)
        .forAll(
            lists().of(UnicodeStrings.ofLengthBetween(1, 40)).ofSizeBetween(0, 6),
            integers().between(0, 3 * SEGMENT))
        .checkAssert(
            (names, size) -> {
              Set<String> paths = new LinkedHashSet<>();
              for (String name : names) {
                String safe = name.replace('/', '_').replace('\0', '_');
                if (!safe.equals(".") && !safe.equals("..") && utf8Length(safe) <= 255) {
                  paths.add("ü/" + safe);
                }
              }
              List<Item> items = new ArrayList<>();
              int i = 0;
              for (String p : paths) {
                items.add(Item.file(p, random(size, i++)));
              }
              try {
                assertThat(roundTrip(items)).containsExactlyElementsOf(items);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Test
  void fileData_ofUnknownLength_streamsAsItComes() throws IOException {
    byte[] data = random(5 * SEGMENT + 3, 9);
    // A stream that returns a few bytes per read, as a pipe does.
    InputStream trickle =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
          }
        };
    ArchiveKey archiveKey = ArchiveKey.create(fx.kms(), ArchiveSpec.builder(key).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveWriter writer = ArchiveWriter.start(out, archiveKey)) {
      assertThat(writer.addFile(ArchiveEntry.file("stdin", 0644, ArchiveFixture.TIME), trickle))
          .isEqualTo(data.length);
      assertThat(writer.finish()).isEqualTo(new ArchiveSummary(1, data.length));
    }
    assertThat(fx.open(out.toByteArray()))
        .containsExactly(new Item(ArchiveEntry.file("stdin", 0644, ArchiveFixture.TIME), data));
  }

  @Test
  void header_saysWhoMadeItWhenAndUnderWhichKeys() throws IOException {
    String recovery = fx.createKey();
    byte[] archive =
        fx.seal(
            ArchiveSpec.builder(key)
                .encryptionContext(ArchiveFixture.context("project", "apollo"))
                .recipient(recovery)
                .created(ArchiveFixture.TIME)
                .build(),
            List.of());
    ArchiveHeader header = ArchiveHeader.read(new ByteArrayInputStream(archive));
    assertThat(header.formatVersion()).isEqualTo(1);
    assertThat(header.recipients())
        .containsExactly(new ArchiveRecipient(key, 1), new ArchiveRecipient(recovery, 1));
    assertThat(header.encryptionContext()).isEqualTo(ArchiveFixture.context("project", "apollo"));
    assertThat(header.wrappingContext().asMap()).containsEntry("coffer:archive", "1");
    assertThat(header.created()).isEqualTo(ArchiveFixture.TIME);
    assertThat(header.createdBy()).isEqualTo(ArchiveFixture.ROOT.name());
    assertThat(header.segmentSize()).isEqualTo(4096);
    assertThat(header.exportedBucket()).isEmpty();
  }

  @Test
  void reader_readsEntriesWithoutTheirData_skippingAndStillAuthenticatingIt() throws IOException {
    byte[] archive =
        fx.seal(
            key, List.of(Item.file("a", random(3 * SEGMENT, 1)), Item.file("b", random(10, 2))));
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(fx.kms(), ArchiveHeader.read(in), OpenOptions.defaults());
    List<String> names = new ArrayList<>();
    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      for (Optional<ArchiveEntry> e; (e = reader.next()).isPresent(); ) {
        names.add(e.get().path());
      }
      assertThat(reader.summary()).isEqualTo(new ArchiveSummary(2, 3 * SEGMENT + 10));
    }
    assertThat(names).containsExactly("a", "b");
  }

  @Test
  void largerSegments_roundTripToo() throws IOException {
    List<Item> items = List.of(Item.file("big", random(3 * 1024 * 1024 + 5, 4)));
    byte[] archive =
        fx.seal(
            ArchiveSpec.builder(key).segmentSize(1024 * 1024).created(ArchiveFixture.TIME).build(),
            items);
    assertThat(fx.open(archive)).containsExactlyElementsOf(items);
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
