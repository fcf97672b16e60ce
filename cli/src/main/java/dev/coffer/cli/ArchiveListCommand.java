package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.ArchiveSummary;
import dev.coffer.engine.archive.EntrySelection;
import dev.coffer.engine.archive.EntryType;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer archive list}: the entries of an archive, as {@code tar tv} shows them. */
@Command(
    name = "list",
    description = {
      "List an archive's entries: type and mode, size, time (UTC), path.",
      "Names are encrypted, so listing decrypts and authenticates the whole archive; a damaged "
          + "one is reported after the entries read so far (exit code 5). With --json, the "
          + "header and entries are printed only once the archive has authenticated.",
      "With MEMBERs, only the entries they name are listed; a MEMBER that names no entry fails "
          + "the command once the whole archive has been read (exit code 3). With --json, "
          + "\"entries\" and \"bytes\" count the listed entries, \"archiveEntries\" and "
          + "\"archiveBytes\" the whole archive."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer archive list docs.coffer",
      "  coffer archive list --json docs.coffer",
      "  coffer archive list docs.coffer docs/guide"
    })
final class ArchiveListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ArchiveReadOptions read;

  @Mixin KeystoreLocation keystore;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The archive, or - for standard input.")
  String file;

  @Parameters(index = "1..*", paramLabel = "MEMBER", description = ArchiveExtractCommand.MEMBERS)
  List<String> members = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    EntrySelection selection = EntrySelection.of(members);
    boolean json = invocation.output().json();
    PrintStream out = invocation.host().out();
    JsonArray entries = new JsonArray();
    JsonObject document;
    long selectedEntries = 0;
    long selectedBytes = 0;
    try (Progress progress = Progress.start(invocation, "list", ArchiveSource.size(file));
        ArchiveSource source = ArchiveSource.open(invocation, file, read, keystore, progress)) {
      ArchiveReader archive = source.reader();
      for (Optional<ArchiveEntry> e; (e = archive.next()).isPresent(); ) {
        ArchiveEntry entry = e.get();
        if (!selection.select(entry.path())) {
          continue;
        }
        long size = entry.type() == EntryType.FILE ? archive.skipData() : 0;
        selectedEntries++;
        selectedBytes += size;
        if (json) {
          entries.add(ArchiveJson.entry(entry, size));
        } else {
          out.println(ArchiveText.entry(entry, size));
        }
      }
      selection.requireEveryMemberMatched();
      document = ArchiveJson.header(archive.header());
      ArchiveSummary whole = archive.summary();
      // As extract counts: what the command worked on, the selection; the archive's own end
      // record is kept apart so that neither is mistaken for the other.
      ArchiveJson.addSummary(
          document, selection.isAll() ? whole : new ArchiveSummary(selectedEntries, selectedBytes));
      document.addProperty("archiveEntries", whole.entries());
      document.addProperty("archiveBytes", whole.bytes());
    }
    document.add("entryList", entries);
    if (json) {
      invocation.output().result(document, text -> {});
    }
    out.flush();
    return ExitCodes.OK;
  }
}
