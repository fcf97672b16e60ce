package dev.coffer.cli;

import dev.coffer.engine.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer bucket tags}: a bucket's tag set. */
@Command(
    name = "tags",
    description = "Read and replace a bucket's tags.",
    subcommands = {BucketTagCommands.Get.class, BucketTagCommands.Put.class})
final class BucketTagCommands extends CommandGroup {
  @Command(name = "get", description = "Show a bucket's tags (GetBucketTagging).")
  static final class Get extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      print(invocation, name, s3.getBucketTagging(name));
    }
  }

  @Command(
      name = "put",
      description = {
        "Replace a bucket's tag set (PutBucketTagging).",
        "The pairs given become the whole set, as in S3; with none, the bucket has no tags."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer bucket tags put invoices team=finance cost-center=42")
  static final class Put extends ObjectStoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Parameters(
        index = "1..*",
        arity = "0..*",
        paramLabel = "KEY=VALUE",
        description = "Tags; each splits at its first '='.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.putBucketTagging(name, tags);
      print(invocation, name, s3.getBucketTagging(name));
    }
  }

  private static void print(Invocation invocation, String bucket, Map<String, String> tags) {
    invocation
        .output()
        .result(
            ObjectJson.tags(bucket, tags), out -> ObjectText.tags("Bucket " + bucket, tags, out));
  }
}
