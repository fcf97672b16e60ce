package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer bucket encryption}: a bucket's default encryption. */
@Command(
    name = "encryption",
    description = "Read and replace a bucket's default encryption (SSE-KMS key, bucket key).",
    subcommands = {BucketEncryptionCommands.Get.class, BucketEncryptionCommands.Put.class})
final class BucketEncryptionCommands extends CommandGroup {
  @Command(name = "get", description = "Show a bucket's default encryption (GetBucketEncryption).")
  static final class Get extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      print(invocation, name, s3.getBucketEncryption(name));
    }
  }

  @Command(
      name = "put",
      description = {
        "Replace a bucket's default encryption (PutBucketEncryption).",
        "Applies to objects put from now on; existing objects keep the key they were written "
            + "under. As in S3, the bucket key is off unless --bucket-key is given."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer bucket encryption put invoices --kms-key alias/app --bucket-key")
  static final class Put extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Option(
        names = "--kms-key",
        required = true,
        paramLabel = "KEY",
        description = "Default key: " + KeyCommands.KEY)
    String kmsKey;

    @Option(names = "--bucket-key", negatable = true, description = BucketCommands.BUCKET_KEY)
    boolean bucketKey;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.putBucketEncryption(name, new BucketEncryption(kmsKey, bucketKey));
      // Read back: the engine stores the key's ARN whichever name was given.
      print(invocation, name, s3.getBucketEncryption(name));
    }
  }

  private static void print(Invocation invocation, String bucket, BucketEncryption encryption) {
    JsonObject document = new JsonObject();
    document.addProperty("bucket", bucket);
    document.add("encryption", ObjectJson.encryption(encryption));
    invocation.output().result(document, out -> ObjectText.encryption(bucket, encryption, out));
  }
}
