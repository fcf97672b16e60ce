package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveExtractor;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.ArchiveSummary;
import dev.coffer.engine.archive.EntrySelection;
import dev.coffer.engine.archive.EntryType;
import dev.coffer.engine.archive.IncompleteExtractionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer archive extract}: an archive back into files, or its files to standard output. */
@Command(
    name = "extract",
    description = {
      "Decrypt an archive into a directory.",
      "Writes only inside DIR: paths with .. or a leading /, and symbolic links leading out, are "
          + "refused, and nothing is written through a symbolic link. Files appear under their "
          + "names only once the whole archive has authenticated, end marker included; if it "
          + "fails (altered, truncated, wrong key or context), nothing extracted is left behind.",
      "Once the archive has authenticated, files go into place. One that cannot (its "
          + "directory made read-only, a full disk) is named on stderr (--json: \"failed\", with "
          + "\"complete\": false) and the others still go into place, as tar goes on: every byte "
          + "is authentic, and what the first files replaced is gone already. The exit code is "
          + "then the failure's (4 permission denied, 14 other disk failures). Hidden temporary "
          + "files are removed; one whose directory refuses that is emptied, so that no "
          + "plaintext lingers, and named (\"left behind\"; --json: \"leftBehind\").",
      "Extracts every entry, or with MEMBERs only the entries they name, creating the "
          + "directories on the way to them (those it creates get the archive's modes and times; "
          + "existing ones are left as they are). The whole archive is still read and "
          + "authenticated before anything goes into place, and a MEMBER that names no entry "
          + "fails the extraction (exit 3), leaving nothing. Existing files of the same names "
          + "are replaced; an existing directory where the archive has a file, a file where it "
          + "has a directory, or a symbolic link on the way fails the extraction, leaving "
          + "nothing. Directories the archive names get its modes and times, existing ones too.",
      "With --to-stdout, the (selected) files' bytes go to standard output in archive order "
          + "instead; each byte is authenticated before it is written, but a cut-off archive is "
          + "only detected at its end (exit code 5), and so is a MEMBER that names no entry (exit "
          + "code 3)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer archive extract -C restored docs.coffer",
      "  coffer archive extract --context project=apollo - < docs.coffer",
      "  coffer archive extract -C restored docs.coffer docs/guide docs/index.md",
      "  coffer archive extract --to-stdout db.coffer app.sql | psql app"
    })
final class ArchiveExtractCommand implements Callable<Integer> {
  /** What a MEMBER is, for every archive command that takes them. */
  static final String MEMBERS =
      "Entries to work on (default: all): an entry's path as `coffer archive list` shows it, "
          + "or a directory's, which names everything under it (docs names docs/a.txt, not "
          + "docs2/b.txt; a trailing / is ignored).";

  private static final int BUFFER = 64 * 1024;

  @Spec CommandSpec spec;

  @Option(
      names = {"-C", "--directory"},
      paramLabel = "DIR",
      description =
          "Directory to extract into (created if missing; default: the current one). Files of"
              + " the same names are replaced, only once the whole archive has authenticated.")
  Path directory = Path.of(".");

  @Option(
      names = {"-O", "--to-stdout"},
      description = "Write the files' bytes to standard output, one after another.")
  boolean toStdout;

  @Mixin ArchiveReadOptions read;

  @Mixin KeystoreLocation keystore;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The archive, or - for standard input.")
  String file;

  @Parameters(index = "1..*", paramLabel = "MEMBER", description = MEMBERS)
  List<String> members = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    EntrySelection selection = EntrySelection.of(members);
    ArchiveSummary summary;
    ArchiveExtractListener listener;
    try (Progress progress = Progress.start(invocation, "extract", ArchiveSource.size(file));
        ArchiveSource source = ArchiveSource.open(invocation, file, read, keystore, progress)) {
      if (toStdout) {
        toStdout(source.reader(), selection, invocation);
        return ExitCodes.OK;
      }
      listener = new ArchiveExtractListener(invocation, progress, directory);
      try {
        summary = ArchiveExtractor.extract(source.reader(), directory, selection, listener);
      } catch (IncompleteExtractionException e) {
        listener.incomplete(e);
        throw e;
      } catch (IOException | RuntimeException e) {
        listener.failed();
        throw e;
      }
    }
    JsonObject document = listener.completed(summary);
    invocation
        .output()
        .result(
            document,
            out ->
                out.println(
                    "extract: "
                        + summary.entries()
                        + (summary.entries() == 1 ? " entry, " : " entries, ")
                        + Progress.size(summary.bytes())
                        + " to "
                        + directory));
    return ExitCodes.OK;
  }

  private static void toStdout(
      ArchiveReader archive, EntrySelection selection, Invocation invocation) throws IOException {
    try (DownloadTarget stdout = DownloadTarget.of(invocation, Inputs.STDIN)) {
      OutputStream out = stdout.stream();
      byte[] buffer = new byte[BUFFER];
      for (Optional<ArchiveEntry> e; (e = archive.next()).isPresent(); ) {
        if (e.get().type() == EntryType.FILE && selection.select(e.get().path())) {
          InputStream data = archive.data();
          for (int n; (n = data.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
          }
        }
      }
      selection.requireEveryMemberMatched();
      stdout.commit();
    }
  }
}
