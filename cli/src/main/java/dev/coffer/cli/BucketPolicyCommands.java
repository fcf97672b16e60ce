package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.ObjectStore;
import dev.coffer.keystore.NotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer bucket policy}: the bucket policy, S3's resource policy on a bucket. */
@Command(
    name = "policy",
    description = {
      "Read, replace and delete a bucket's policy (IAM JSON with S3 actions and ARNs).",
      "Policies from the AWS guides work as written, such as denying puts without SSE-KMS "
          + "(s3:x-amz-server-side-encryption) or under another key "
          + "(s3:x-amz-server-side-encryption-aws-kms-key-id)."
    },
    subcommands = {
      BucketPolicyCommands.Get.class,
      BucketPolicyCommands.Put.class,
      BucketPolicyCommands.Delete.class
    })
final class BucketPolicyCommands extends CommandGroup {
  @Command(
      name = "get",
      description = "Print the bucket policy as stored (GetBucketPolicy).",
      footerHeading = "%nExample:%n",
      footer = "  coffer bucket policy get invoices > policy.json")
  static final class Get extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      String policy =
          s3.getBucketPolicy(name)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "bucket " + name + " has no policy (NoSuchBucketPolicy)"));
      JsonObject document = new JsonObject();
      document.addProperty("bucket", name);
      document.addProperty("policy", policy);
      invocation.output().result(document, out -> AccessText.policy(policy, out));
    }
  }

  @Command(
      name = "put",
      description = "Replace the bucket policy (PutBucketPolicy).",
      footerHeading = "%nExample:%n",
      footer = "  coffer bucket policy put invoices require-sse-kms.json")
  static final class Put extends ObjectStoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FILE",
        description = "Policy file, or - for standard input (the default).")
    String source = Inputs.STDIN;

    private String policy;

    @Override
    void prepare(Invocation invocation) {
      policy = Inputs.readPolicy(invocation, source, "the bucket policy");
    }

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.putBucketPolicy(name, policy);
      JsonObject document = new JsonObject();
      document.addProperty("bucket", name);
      invocation
          .output()
          .result(document, out -> out.println("Replaced the policy of bucket " + name + "."));
    }
  }

  @Command(name = "delete", description = "Delete the bucket policy (DeleteBucketPolicy).")
  static final class Delete extends ObjectStoreCommand {
    @Parameters(paramLabel = "NAME", description = BucketCommands.NAME)
    String name;

    @Override
    void run(ObjectStore s3, Invocation invocation) {
      s3.deleteBucketPolicy(name);
      JsonObject document = new JsonObject();
      document.addProperty("bucket", name);
      document.addProperty("deleted", true);
      invocation
          .output()
          .result(document, out -> out.println("Deleted the policy of bucket " + name + "."));
    }
  }
}
