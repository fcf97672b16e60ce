package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ByteRange;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer get}: GetObject to a file or standard output, streamed. */
@Command(
    name = "get",
    description = {
      "Decrypt an object to a file or standard output (GetObject).",
      "Streams any size in bounded memory; every segment is authenticated before its bytes are "
          + "written. A FILE appears only once the whole object (or range) is written. To "
          + "standard output, nothing but the object's bytes is printed, even with --json."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer get invoices/2026/11/a.pdf a.pdf --context tenant=acme",
      "  coffer get backups/reports.tar - | tar x",
      "  coffer get logs/app.log - --range 0-1023"
    })
final class GetCommand extends ObjectStoreCommand {
  static final int BUFFER_SIZE = 64 * 1024;

  @Parameters(
      index = "0",
      paramLabel = "BUCKET/KEY",
      converter = ObjectPath.ObjectKey.class,
      description = "The object to get.")
  ObjectPath source;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FILE",
      description = {
        "File to write, or - for standard output (the default). Left out at a terminal, an "
            + "object whose first bytes hold a NUL byte is refused rather than printed; give - "
            + "to print it anyway."
      })
  String destination;

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Expected encryption context (repeatable; splits at the first '='): the get fails "
            + "unless the object's context is exactly these pairs (besides aws:s3:arn)."
      })
  Map<String, String> expectedContext = new LinkedHashMap<>();

  @Option(
      names = "--range",
      paramLabel = "FIRST-LAST",
      converter = ByteRangeConverter.class,
      description =
          "Only bytes FIRST to LAST, inclusive as in HTTP; FIRST- for the rest, -N for the last N"
              + " bytes.")
  ByteRange range;

  @Override
  boolean movesObjectData() {
    return true;
  }

  @Override
  void run(ObjectStore s3, Invocation invocation) throws IOException {
    GetObjectRequest request = GetObjectRequest.of(source.bucket(), source.key());
    if (!expectedContext.isEmpty()) {
      request = request.expectingContext(EncryptionContext.of(expectedContext));
    }
    if (range != null) {
      request = request.range(range);
    }
    long written;
    JsonObject document;
    // Access, context and key checks happen in getObject, before any file is created.
    try (ObjectContent content = s3.getObject(request);
        DownloadTarget target =
            DownloadTarget.of(invocation, destination == null ? Inputs.STDIN : destination);
        Progress progress = Progress.start(invocation, "download", content.length())) {
      boolean refuseBinary = destination == null && invocation.host().terminal();
      written = copy(progress.monitor(content), target.stream(), refuseBinary);
      target.commit();
      if (target.file() == null) {
        return;
      }
      document = ObjectJson.object(content.info());
      document.addProperty("file", target.file().toString());
      document.addProperty("bytesWritten", written);
      if (range != null && content.length() > 0) {
        document.addProperty(
            "contentRange",
            "bytes "
                + content.first()
                + "-"
                + (content.first() + content.length() - 1)
                + "/"
                + content.info().size());
      }
    }
    invocation
        .output()
        .result(
            document,
            out ->
                out.println(
                    "download: " + source + " to " + destination + " (" + written + " bytes)"));
  }

  /**
   * @param refuseBinary whether to refuse, before writing anything, data whose first {@value
   *     #BUFFER_SIZE} bytes hold a NUL byte (as curl does): binary bytes sent to a terminal can
   *     leave it unusable
   */
  private long copy(InputStream in, OutputStream out, boolean refuseBinary) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    if (refuseBinary) {
      // Filled, not one read: a read may stop short at a segment's end (a range starting just
      // before one) or a message's, and the NUL may come right after.
      int n = in.readNBytes(buffer, 0, buffer.length);
      if (holdsNul(buffer, n)) {
        throw new InvalidArgumentException(
            source
                + " looks binary and standard output is a terminal: give a FILE, pipe it, or "
                + "give - to print it anyway");
      }
      out.write(buffer, 0, n);
      total = n;
    }
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static boolean holdsNul(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
