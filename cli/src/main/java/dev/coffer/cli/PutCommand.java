package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer put}: PutObject from a file or standard input, streamed. */
@Command(
    name = "put",
    description = {
      "Encrypt a file or standard input into an object (PutObject).",
      "Streams any length in bounded memory. The object gets its own data key under the "
          + "bucket's default KMS key, or --kms-key; its content type and metadata are encrypted "
          + "too.",
      "Only one process at a time opens a data directory: to copy objects within one, use "
          + "`coffer cp` rather than piping `coffer get` into `coffer put`."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer put invoices/2026/11/a.pdf a.pdf --context tenant=acme",
      "  tar c reports | coffer put backups/reports.tar - --kms-key alias/backup",
      "  coffer put invoices/2026/11/a.pdf a.pdf --if-none-match    # never overwrite"
    })
final class PutCommand extends ObjectStoreCommand {
  static final String DEFAULT_CONTENT_TYPE = PutObjectRequest.DEFAULT_CONTENT_TYPE;
  private static final String DATA = "the object's data";

  @Parameters(
      index = "0",
      paramLabel = "BUCKET/KEY",
      converter = ObjectPath.ObjectKey.class,
      description = "Where to put the object.")
  ObjectPath target;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FILE",
      description = "File to encrypt, or - for standard input (the default).")
  String source = Inputs.STDIN;

  @Mixin EncryptionOptions encryption;

  @Mixin ObjectMetadataOptions metadata;

  @Mixin WriteConditions conditions;

  private PutObjectRequest request;
  private InputStream stdin;

  @Override
  boolean movesObjectData() {
    return true;
  }

  /** Checks the request before the data directory is opened: usage errors should be quick. */
  @Override
  void prepare(Invocation invocation) {
    PutObjectRequest.Builder builder =
        encryption.applyTo(PutObjectRequest.builder(target.bucket(), target.key()));
    request = conditions.applyTo(metadata.applyTo(builder, guessContentType())).build();
    if (Inputs.STDIN.equals(source)) {
      // Claimed now, so that a passphrase also wanted from standard input is refused before the
      // data directory is opened.
      stdin = Inputs.openStream(invocation, source, DATA);
    }
  }

  @Override
  void run(ObjectStore s3, Invocation invocation) throws IOException {
    ObjectInfo info;
    try (InputStream in = stdin != null ? stdin : Inputs.openStream(invocation, source, DATA)) {
      long size = Inputs.STDIN.equals(source) ? -1 : Files.size(Path.of(source));
      try (Progress progress = Progress.start(invocation, "upload", size)) {
        info = s3.putObject(request, progress.monitor(in));
      }
    }
    JsonObject document = ObjectJson.object(info);
    invocation
        .output()
        .result(
            document,
            out -> {
              out.println("upload: " + Inputs.describe(source) + " to " + target);
              out.println(ObjectText.encryptedAs(info));
            });
  }

  /** As {@code aws s3 cp} does: from the file name's extension, when there is a file. */
  private String guessContentType() {
    if (Inputs.STDIN.equals(source)) {
      return DEFAULT_CONTENT_TYPE;
    }
    String guessed = URLConnection.guessContentTypeFromName(Path.of(source).getFileName() + "");
    return guessed != null ? guessed : DEFAULT_CONTENT_TYPE;
  }
}
