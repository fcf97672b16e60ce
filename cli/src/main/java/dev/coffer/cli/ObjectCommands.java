package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The object commands that move no data: {@code head} and {@code rm}. */
final class ObjectCommands {
  static final String OBJECT = "The object, as BUCKET/KEY.";

  private ObjectCommands() {}

  @Command(
      name = "head",
      description = {
        "Show an object's metadata and encryption (HeadObject): size, ETag, content type, "
            + "metadata, KMS key and version, bucket key, encryption context.",
        "Decrypts no data and makes no KMS call, so it needs s3:GetObject but not kms:Decrypt."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer head invoices/2026/11/a.pdf --json")
  static final class Head extends ObjectStoreCommand {
    @Parameters(
        paramLabel = "BUCKET/KEY",
        converter = ObjectPath.ObjectKey.class,
        description = OBJECT)
    ObjectPath object;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      ObjectInfo info = s3.headObject(object.bucket(), object.key());
      invocation.output().result(ObjectJson.object(info), out -> ObjectText.object(info, out));
    }
  }

  @Command(
      name = "rm",
      description = {
        "Delete an object (DeleteObject).",
        "As in S3, deleting a key that does not exist succeeds; a missing bucket does not."
      })
  static final class Remove extends ObjectStoreCommand {
    @Parameters(
        paramLabel = "BUCKET/KEY",
        converter = ObjectPath.ObjectKey.class,
        description = OBJECT)
    ObjectPath object;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.deleteObject(object.bucket(), object.key());
      JsonObject document = new JsonObject();
      document.addProperty("bucket", object.bucket());
      document.addProperty("key", object.key());
      document.addProperty("deleted", true);
      invocation.output().result(document, out -> out.println("delete: " + object));
    }
  }
}
