package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.ArchiveSummary;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer archive verify}: a full authenticated pass that writes nothing. */
@Command(
    name = "verify",
    description = {
      "Check that an archive opens and is intact, writing nothing.",
      "Opens its key (so checks that this keystore and --as principal can), then decrypts and "
          + "authenticates every byte, end marker included: exit code 0 means extract would "
          + "succeed, 5 that the archive is damaged, cut off or was added to."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer archive verify docs.coffer",
      "  coffer archive verify --context project=apollo --json - < docs.coffer"
    })
final class ArchiveVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ArchiveReadOptions read;

  @Mixin KeystoreLocation keystore;

  @Parameters(paramLabel = "FILE", description = "The archive, or - for standard input.")
  String file;

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    JsonObject document;
    ArchiveSummary summary;
    ArchiveHeader header;
    try (Progress progress = Progress.start(invocation, "verify", ArchiveSource.size(file));
        ArchiveSource source = ArchiveSource.open(invocation, file, read, keystore, progress)) {
      ArchiveReader archive = source.reader();
      while (archive.next().isPresent()) {
        progress.file();
      }
      summary = archive.summary();
      header = archive.header();
      document = ArchiveJson.header(archive.header());
      document.add("openedWith", ArchiveJson.recipient(source.key().recipient()));
      ArchiveJson.addSummary(document, summary);
      document.addProperty("verified", true);
    }
    invocation
        .output()
        .result(
            document,
            out -> {
              out.println(
                  "verified: "
                      + summary.entries()
                      + (summary.entries() == 1 ? " entry, " : " entries, ")
                      + Progress.size(summary.bytes())
                      + ", intact");
              ArchiveText.header(header, out);
            });
    return ExitCodes.OK;
  }
}
