package dev.coffer.cli;

import static dev.coffer.cli.DemoStep.expect;
import static dev.coffer.cli.DemoStep.refused;
import static dev.coffer.cli.DemoTour.ALIAS;

import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.ArchiveSpec;
import dev.coffer.engine.archive.ArchiveWriter;
import dev.coffer.engine.archive.EntryType;
import dev.coffer.engine.archive.OpenOptions;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The steps of {@code coffer demo} for archives: files sealed into one archive under the demo key,
 * listed (names are encrypted too), cut short and refused, and opened with a wrong context and
 * refused. They need the demo key enabled.
 */
final class ArchiveSteps {
  static final String ARCHIVE = "reports.coffer";
  private static final String ARCHIVE_CONTEXT = "--context project=demo";
  private static final byte[] REPORT =
      "Q3 revenue: 1,234,567 EUR\n".getBytes(StandardCharsets.UTF_8);

  private ArchiveSteps() {}

  static List<DemoStep> steps() {
    return List.of(
        new DemoStep(
            "Seal two files into an archive under the demo key",
            "coffer archive create -o "
                + ARCHIVE
                + " --key "
                + ALIAS
                + " "
                + ARCHIVE_CONTEXT
                + " reports/",
            ArchiveSteps::create),
        new DemoStep(
            "List it: names, modes and times were encrypted too",
            "coffer archive list " + ARCHIVE,
            ArchiveSteps::list),
        new DemoStep(
            "Cut off its last byte: the archive is refused",
            "head -c -1 " + ARCHIVE + " | coffer archive verify -",
            ArchiveSteps::truncated),
        new DemoStep(
            "Open it expecting another context",
            "coffer archive extract --context project=other " + ARCHIVE,
            ArchiveSteps::wrongContext));
  }

  private static String create(DemoTour.State s) {
    Instant now = Instant.now();
    ArchiveKey key =
        ArchiveKey.create(
            s.kms,
            ArchiveSpec.builder(ALIAS)
                .encryptionContext(EncryptionContext.of("project", "demo"))
                .build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveWriter writer = ArchiveWriter.start(out, key)) {
      writer.add(ArchiveEntry.directory("reports", 0755, now));
      writer.addFile(
          ArchiveEntry.file("reports/q3.txt", 0644, now), new ByteArrayInputStream(REPORT));
      writer.addFile(
          ArchiveEntry.file("reports/q4 (draft).txt", 0600, now),
          new ByteArrayInputStream("Q4: pending\n".getBytes(StandardCharsets.UTF_8)));
      writer.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    s.archive = out.toByteArray();
    expect(
        key.header().recipients().get(0).keyArn().equals(s.keyArn),
        "the archive's data key to be wrapped under the demo key");
    return s.archive.length
        + " bytes: a header naming "
        + ALIAS
        + "'s key and its own wrapped data key, then the encrypted entries and an end marker";
  }

  private static String list(DemoTour.State s) {
    List<String> lines = new ArrayList<>();
    read(s, s.archive, OpenOptions.defaults(), lines);
    expect(lines.size() == 3, "three entries");
    expect(
        !new String(s.archive, StandardCharsets.ISO_8859_1).contains("q3.txt"),
        "no name to be readable in the archive's bytes");
    return String.join("\n", lines);
  }

  private static String truncated(DemoTour.State s) {
    byte[] cut = Arrays.copyOf(s.archive, s.archive.length - 1);
    CofferException e =
        refused(ErrorCode.INTEGRITY_FAILURE, () -> read(s, cut, OpenOptions.defaults(), null));
    return "refused with "
        + e.errorCode()
        + " ("
        + e.getMessage()
        + "); extract would have"
        + " left no file behind (exit code 5)";
  }

  private static String wrongContext(DemoTour.State s) {
    OpenOptions other =
        OpenOptions.defaults().expectingContext(EncryptionContext.of("project", "other"));
    CofferException e = refused(ErrorCode.INTEGRITY_FAILURE, () -> read(s, s.archive, other, null));
    return "refused with " + e.errorCode() + " before anything was decrypted (exit code 5)";
  }

  /** Reads an archive to its end, listing its entries into {@code lines} if given. */
  private static void read(
      DemoTour.State s, byte[] bytes, OpenOptions options, List<String> lines) {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      ArchiveKey key = ArchiveKey.open(s.kms, ArchiveHeader.read(in), options);
      try (ArchiveReader reader = ArchiveReader.open(in, key)) {
        for (Optional<ArchiveEntry> e; (e = reader.next()).isPresent(); ) {
          long size = e.get().type() == EntryType.FILE ? reader.skipData() : 0;
          if (lines != null) {
            lines.add(ArchiveText.entry(e.get(), size));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
