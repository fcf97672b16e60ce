package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveSpec;
import dev.coffer.engine.archive.ArchiveSummary;
import dev.coffer.engine.archive.ArchiveWriter;
import dev.coffer.engine.archive.BucketExporter;
import dev.coffer.keystore.EncryptionContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer export}: a bucket's objects into an archive. */
@Command(
    name = "export",
    description = {
      "Write a bucket's objects (keys, bytes, content types, metadata, encryption contexts) "
          + "into an encrypted archive, for `coffer import` here or in another Coffer.",
      "Reads each object as GetObject does (s3:GetObject and kms:Decrypt). The archive's data "
          + "key is under --key (default: the bucket's default key) and any --recipient keys; "
          + "the Coffer that imports it needs one of them in its keystore. An OUT file appears "
          + "only once the archive is complete."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer export invoices -o invoices.coffer --recipient alias/recovery",
      "  coffer export invoices -o - | ssh backup 'cat > invoices.coffer'"
    })
final class ExportCommand extends ObjectStoreCommand {
  @Parameters(paramLabel = "BUCKET", description = "The bucket to export.")
  String bucket;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT",
      description = "Archive file to write, or - for standard output.")
  String output;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = {
        "Master key for the archive's data key (default: the bucket's default key).",
        KeyCommands.KEY
      })
  String key;

  @Option(
      names = "--recipient",
      paramLabel = "KEY",
      description = "A further key that can open the archive on its own (repeatable).")
  List<String> recipients = new ArrayList<>();

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = "Encryption context pair bound to the archive's data key (repeatable).")
  Map<String, String> context = new LinkedHashMap<>();

  @Override
  boolean movesObjectData() {
    return true;
  }

  @Override
  void run(Session session, Invocation invocation) throws IOException {
    ObjectStore s3 = session.objects();
    String archiveKey = key != null ? key : s3.getBucketEncryption(bucket).kmsKeyId();
    ArchiveSpec.Builder spec =
        BucketExporter.spec(archiveKey, bucket).encryptionContext(EncryptionContext.of(context));
    recipients.forEach(spec::recipient);
    ArchiveKey sealed = ArchiveKey.create(session.keys(), spec.build());
    ArchiveSummary summary;
    Path written;
    try (DownloadTarget target = DownloadTarget.of(invocation, output);
        Progress progress = Progress.start(invocation, "export", -1);
        ArchiveWriter writer = ArchiveWriter.start(target.stream(), sealed)) {
      summary =
          BucketExporter.export(
              s3,
              bucket,
              writer,
              new BucketExporter.Listener() {
                @Override
                public InputStream object(ObjectInfo object, InputStream data) {
                  progress.file();
                  return progress.monitor(data);
                }
              });
      target.commit();
      written = target.file();
    }
    if (written == null) {
      return;
    }
    JsonObject document = ArchiveJson.header(sealed.header());
    document.addProperty("file", written.toString());
    ArchiveJson.addSummary(document, summary);
    invocation
        .output()
        .result(
            document,
            out ->
                out.println(
                    "export: "
                        + summary.entries()
                        + (summary.entries() == 1 ? " object, " : " objects, ")
                        + Progress.size(summary.bytes())
                        + " from "
                        + bucket
                        + " to "
                        + output));
  }
}
