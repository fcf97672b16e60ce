package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.ArchiveHeader;
import dev.coffer.engine.archive.ArchiveKey;
import dev.coffer.engine.archive.ArchiveReader;
import dev.coffer.engine.archive.BucketImporter;
import dev.coffer.keystore.KeyService;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer import}: the objects of an archive into a bucket. */
@Command(
    name = "import",
    description = {
      "Restore the objects of an archive (from `coffer export`, or files from `coffer archive "
          + "create`) into an existing bucket, under the bucket's default encryption: same keys, "
          + "bytes, content types, metadata and encryption contexts.",
      "A FILE is verified in full before the first object is written, so a damaged archive "
          + "imports nothing. From standard input, objects are written as they come, each only "
          + "once its bytes have authenticated; a damaged archive stops the import (exit code 5) "
          + "with the objects before the damage imported."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer import invoices.coffer invoices-restored",
      "  ssh backup 'cat invoices.coffer' | coffer import - invoices"
    })
final class ImportCommand extends ObjectStoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The archive, or - for standard input.")
  String file;

  @Parameters(index = "1", paramLabel = "BUCKET", description = "The bucket to import into.")
  String bucket;

  @Mixin ArchiveReadOptions read;

  private InputStream in;
  private ArchiveHeader header;

  @Override
  boolean movesObjectData() {
    return true;
  }

  /** The header first, before the data directory is opened: a producer may still hold it. */
  @Override
  void prepare(Invocation invocation) {
    in = Inputs.openStream(invocation, file, "the archive");
    try {
      header = ArchiveHeader.read(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + Inputs.describe(file), e);
    }
  }

  @Override
  void run(Session session, Invocation invocation) throws IOException {
    ObjectStore s3 = session.objects();
    KeyService kms = session.keys();
    s3.getBucketEncryption(bucket);
    if (!Inputs.STDIN.equals(file)) {
      verifyFirst(invocation, kms);
    }
    BucketImporter.Result result;
    AtomicLong skipped = new AtomicLong();
    try (Progress progress = Progress.start(invocation, "import", ArchiveSource.size(file));
        ArchiveReader archive =
            ArchiveReader.open(
                progress.monitor(in), ArchiveKey.open(kms, header, read.openOptions()))) {
      result =
          BucketImporter.importInto(
              archive,
              s3,
              bucket,
              new BucketImporter.Listener() {
                @Override
                public InputStream object(ArchiveEntry entry, InputStream data) {
                  progress.file();
                  return data;
                }

                @Override
                public void skipped(ArchiveEntry entry) {
                  skipped.incrementAndGet();
                }
              });
    }
    JsonObject document = new JsonObject();
    document.addProperty("bucket", bucket);
    document.addProperty("objects", result.objects());
    document.addProperty("bytes", result.bytes());
    document.addProperty("skipped", skipped.get());
    invocation
        .output()
        .result(
            document,
            out ->
                out.println(
                    "import: "
                        + result.objects()
                        + (result.objects() == 1 ? " object, " : " objects, ")
                        + Progress.size(result.bytes())
                        + " into "
                        + bucket
                        + (skipped.get() > 0
                            ? " (" + skipped.get() + " directories and links skipped)"
                            : "")));
  }

  /** A full pass over the file, then back to its start for the import. */
  private void verifyFirst(Invocation invocation, KeyService kms) throws IOException {
    try (Progress progress = Progress.start(invocation, "verify", ArchiveSource.size(file));
        ArchiveReader archive =
            ArchiveReader.open(
                progress.monitor(in), ArchiveKey.open(kms, header, read.openOptions()))) {
      while (archive.next().isPresent()) {
        progress.file();
      }
    }
    in = Inputs.openStream(invocation, file, "the archive");
    header = ArchiveHeader.read(in);
  }
}
