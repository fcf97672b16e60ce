package dev.coffer.cli;

import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.EncryptionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How {@code put} and {@code cp} encrypt the object they write: S3's SSE-KMS request headers. */
final class EncryptionOptions {
  @Option(
      names = "--kms-key",
      paramLabel = "KEY",
      description = {
        "Encrypt under this key instead of the bucket's default; implies --sse-kms.",
        KeyCommands.KEY
      })
  String kmsKey;

  @Option(
      names = "--sse-kms",
      description = {
        "Request SSE-KMS explicitly (x-amz-server-side-encryption: aws:kms), with the bucket's "
            + "default key unless --kms-key names one. Bucket policies that require SSE-KMS "
            + "check for this."
      })
  boolean sseKms;

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Encryption context pair (repeatable; splits at the first '='). Stored with the object, "
            + "bound to its data key, and checked by key policies and grants; aws: keys are "
            + "reserved (Coffer adds aws:s3:arn)."
      })
  Map<String, String> context = new LinkedHashMap<>();

  @Option(
      names = "--bucket-key",
      negatable = true,
      description = "Override the bucket's bucket-key setting for this object.")
  Boolean bucketKey;

  /** Applies the options to a put request. */
  PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request) {
    if (sseKms) {
      request.sseKms();
    }
    if (kmsKey != null) {
      request.kmsKeyId(kmsKey);
    }
    if (bucketKey != null) {
      request.bucketKeyEnabled(bucketKey);
    }
    return request.encryptionContext(EncryptionContext.of(context));
  }
}
