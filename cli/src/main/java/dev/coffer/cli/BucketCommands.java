package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.ObjectStore;
import dev.coffer.keystore.CofferException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer bucket}: buckets, their default encryption, policies and tags. */
@Command(
    name = "bucket",
    description = {
      "Create, list and delete buckets, and manage their default encryption, policy and tags.",
      "Every object is encrypted under a KMS key (SSE-KMS): the bucket's default key unless a put"
          + " names another."
    },
    subcommands = {
      BucketCommands.Create.class,
      BucketCommands.ListBuckets.class,
      BucketCommands.Delete.class,
      BucketEncryptionCommands.class,
      BucketPolicyCommands.class,
      BucketTagCommands.class
    })
final class BucketCommands extends CommandGroup {
  static final String NAME = "The bucket's name (S3 rules: 3 to 63 of a-z, 0-9, '.', '-').";
  static final String BUCKET_KEY =
      "Use an S3 Bucket Key: object keys derive from a cached bucket key, so most puts and gets"
          + " make no KMS call (default: off).";

  @Command(
      name = "create",
      description = {
        "Create a bucket (CreateBucket), encrypted by default under --kms-key.",
        "Without --kms-key, objects are encrypted under Coffer's managed key "
            + "alias/coffer/default, as S3 falls back to aws/s3."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer bucket create invoices --kms-key alias/app --bucket-key",
        "  coffer bucket create scratch --json"
      })
  static final class Create extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = NAME)
    String name;

    @Option(
        names = "--kms-key",
        paramLabel = "KEY",
        description = "Default key: " + KeyCommands.KEY)
    String kmsKey;

    @Option(names = "--bucket-key", negatable = true, description = BUCKET_KEY)
    Boolean bucketKey;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      BucketInfo bucket = create(s3);
      JsonObject document = new JsonObject();
      document.add("bucket", ObjectJson.bucket(bucket));
      invocation.output().result(document, out -> ObjectText.bucket(bucket, out));
    }

    private BucketInfo create(ObjectStore s3) {
      boolean withBucketKey = Boolean.TRUE.equals(bucketKey);
      if (kmsKey != null) {
        return s3.createBucket(
            CreateBucketRequest.of(name, new BucketEncryption(kmsKey, withBucketKey)));
      }
      BucketInfo bucket = s3.createBucket(CreateBucketRequest.of(name));
      return withBucketKey ? withBucketKey(s3, bucket) : bucket;
    }

    /**
     * The engine creates the managed default key on first need, so only the created bucket can name
     * it: the bucket key is switched on in a second call.
     */
    private BucketInfo withBucketKey(ObjectStore s3, BucketInfo bucket) {
      BucketEncryption encryption = new BucketEncryption(bucket.encryption().kmsKeyId(), true);
      try {
        s3.putBucketEncryption(name, encryption);
      } catch (CofferException e) {
        throw new CommandException(
            e, e.getMessage() + "; bucket " + name + " was created without a bucket key");
      }
      return new BucketInfo(bucket.name(), bucket.owner(), bucket.creationDate(), encryption);
    }
  }

  @Command(name = "list", description = "List the buckets with their default encryption.")
  static final class ListBuckets extends ObjectStoreCommand {
    @Override
    void run(ObjectStore s3, Invocation invocation) {
      List<BucketInfo> buckets = s3.listBuckets();
      JsonObject document = new JsonObject();
      document.add("buckets", ObjectJson.buckets(buckets));
      invocation.output().result(document, out -> ObjectText.buckets(buckets, out));
    }
  }

  @Command(
      name = "delete",
      description = "Delete an empty bucket (DeleteBucket); one with objects is refused.")
  static final class Delete extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = NAME)
    String name;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.deleteBucket(name);
      JsonObject document = new JsonObject();
      document.addProperty("bucket", name);
      document.addProperty("deleted", true);
      invocation.output().result(document, out -> out.println("Deleted bucket " + name + "."));
    }
  }
}
