package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.archive.ArchiveSpec;
import dev.coffer.engine.internal.archive.ArchiveSealer;
import dev.coffer.engine.internal.archive.RecordWriter;
import dev.coffer.format.v1.ArchiveEntryType;
import dev.coffer.format.v1.EndRecord;
import dev.coffer.format.v1.EntryRecord;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that must not open — damaged, for another key or context, under an unusable key, or
 * hostile — fail with their exit code and one clear line, and leave nothing extracted.
 */
class ArchiveFailuresTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;
  private Path archive;
  private Path out;

  @BeforeEach
  void init() throws IOException {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/backup");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.write(src.resolve("big.bin"), ArchiveCommandsTest.randomBytes(200_000, 1));
    Files.writeString(src.resolve("small.txt"), "small");
    archive = tmp.resolve("src.coffer");
    coffer
        .run(
            "archive",
            "create",
            "-o",
            archive.toString(),
            "--key",
            "alias/backup",
            "--context",
            "case=7",
            src.toString())
        .assertOk();
    out = tmp.resolve("out");
  }

  private Coffer.Result extract(Path file, String... options) {
    List<String> args =
        new java.util.ArrayList<>(List.of("archive", "extract", "-C", out.toString()));
    args.addAll(List.of(options));
    args.add(file.toString());
    return coffer.run(args.toArray(String[]::new));
  }

  private List<String> extracted() throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(p -> !p.equals(out)).map(Path::toString).toList();
    }
  }

  @Test
  void extract_withTruncatedArchive_failsAndLeavesNoFinalFile() throws IOException {
    byte[] bytes = Files.readAllBytes(archive);
    for (int cut : new int[] {0, 10, 600, 4096 * 10, bytes.length - 1}) {
      Path cutFile = tmp.resolve("cut.coffer");
      Files.write(cutFile, Arrays.copyOf(bytes, cut));
      Coffer.Result r = extract(cutFile);
      assertThat(r.exitCode())
          .as("cut at %d: %s", cut, r.stderr())
          .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
      assertThat(r.stderr()).startsWith("coffer: ").hasLineCount(1);
      assertThat(extracted()).as("cut at %d", cut).isEmpty();
      assertThat(coffer.run("archive", "verify", cutFile.toString()).exitCode())
          .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    }
  }

  @Test
  void extract_withAppendedBytes_failsAndLeavesNoFinalFile() throws IOException {
    Path longer = tmp.resolve("longer.coffer");
    Files.write(longer, Files.readAllBytes(archive));
    Files.write(longer, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    Coffer.Result r = extract(longer);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_ofAFileThatIsNoArchive_failsAsIntegrityFailure() throws IOException {
    Path text = tmp.resolve("notes.txt");
    Files.writeString(text, "just text");
    Coffer.Result r = extract(text);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(r.stderr()).contains("not a Coffer archive");
  }

  @Test
  void verify_ofADirectory_isAUsageError() {
    Coffer.Result r = coffer.run("archive", "verify", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .isEqualTo("coffer: " + tmp + " is a directory; the archive must be a file\n");
  }

  @Test
  void extract_withAnotherContext_failsAsIntegrityFailure() throws IOException {
    Coffer.Result r = extract(archive, "--context", "case=8");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(r.stderr()).contains("another encryption context");
    assertThat(extracted()).isEmpty();
    assertThat(extract(archive, "--context", "case=7").exitCode()).isZero();
  }

  @Test
  void extract_withAKeystoreThatLacksTheKey_failsAsNotFound() throws IOException {
    Coffer stranger = Coffer.initialized(tmp.resolve("other"));
    Coffer.Result r = stranger.run("archive", "extract", "-C", out.toString(), archive.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.stderr()).contains("cannot open the archive").contains(keyId);
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_tryingAKeyThatIsNoRecipient_failsAsIntegrityFailure() throws IOException {
    String other = coffer.createKey();
    Coffer.Result r = extract(archive, "--key", other);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(r.stderr()).contains("not sealed for " + other);
  }

  @Test
  void extract_withTheKeyDisabled_failsAsKeyUnavailable() throws IOException {
    coffer.run("key", "disable", "alias/backup").assertOk();
    Coffer.Result r = extract(archive);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_withTheKeyVersionDestroyed_failsAsKeyUnavailable() throws IOException {
    coffer.run("key", "rotate", "alias/backup").assertOk();
    coffer.run("key", "min-decryption-version", "alias/backup", "2").assertOk();
    coffer.run("key", "destroy-version", "alias/backup", "1").assertOk();
    Coffer.Result r = extract(archive);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_withARecipientKey_worksWhenTheMainKeyIsDisabled() throws IOException {
    String recovery = coffer.createKey();
    Path both = tmp.resolve("both.coffer");
    coffer
        .run(
            "archive",
            "create",
            "-o",
            both.toString(),
            "--key",
            "alias/backup",
            "--recipient",
            recovery,
            tmp.resolve("src").toString())
        .assertOk();
    coffer.run("key", "disable", "alias/backup").assertOk();
    assertThat(extract(both).exitCode()).isZero();
    assertThat(extracted()).isNotEmpty();
  }

  @Test
  void extract_withPathEscapes_isRefusedAndWritesNothing() throws IOException {
    for (String[] entry :
        List.of(
            new String[] {"file", "../escaped.txt", ""},
            new String[] {"file", tmp.resolve("abs.txt").toString(), ""},
            new String[] {"symlink", "up", "../../.."})) {
      Path hostile = tmp.resolve("hostile.coffer");
      Files.write(hostile, crafted(entry[0], entry[1], entry[2]));
      Coffer.Result r = extract(hostile);
      assertThat(r.exitCode()).as(entry[1]).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
      assertThat(r.stderr()).as(entry[1]).contains("is refused");
      assertThat(extracted()).isEmpty();
      assertThat(tmp.resolve("escaped.txt")).doesNotExist();
      assertThat(tmp.resolve("abs.txt")).doesNotExist();
    }
  }

  /** One validly sealed entry that no Coffer writer would produce. */
  private byte[] crafted(String type, String path, String target) throws IOException {
    try (Keystore keystore =
        Keystore.builder(tmp.resolve("data/keystore")).createIfMissing(false).open()) {
      ArchiveSealer.Sealed sealed =
          ArchiveSealer.seal(
              keystore.as(Principal.of(GlobalOptions.ACCOUNT_ROOT)),
              "alias/backup",
              EncryptionContext.empty(),
              List.of(),
              ArchiveSpec.DEFAULT_SEGMENT_SIZE,
              Instant.now(),
              "");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(sealed.header().bytes());
      OutputStream body = sealed.cipher().encrypting(bytes);
      RecordWriter records = new RecordWriter(body);
      EntryRecord.Builder entry = EntryRecord.newBuilder().setPath(path).setMode(0644);
      if (type.equals("file")) {
        records.entry(entry.setType(ArchiveEntryType.ARCHIVE_ENTRY_TYPE_FILE).build());
        records.data(new ByteArrayInputStream(new byte[] {6}));
        records.end(EndRecord.newBuilder().setEntryCount(1).setTotalBytes(1).build());
      } else {
        records.entry(
            entry
                .setType(ArchiveEntryType.ARCHIVE_ENTRY_TYPE_SYMLINK)
                .setLinkTarget(target)
                .build());
        records.end(EndRecord.newBuilder().setEntryCount(1).build());
      }
      body.close();
      return bytes.toByteArray();
    }
  }
}
