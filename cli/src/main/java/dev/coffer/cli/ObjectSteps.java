package dev.coffer.cli;

import static dev.coffer.cli.DemoStep.expect;
import static dev.coffer.cli.DemoStep.refused;
import static dev.coffer.cli.DemoTour.ALIAS;
import static dev.coffer.cli.DemoTour.CONTEXT;
import static dev.coffer.cli.DemoTour.WRONG_CONTEXT;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of {@code coffer demo} that store objects: a bucket encrypted under the demo key with a
 * bucket key, an object bound to an encryption context, head without decryption, gets with the
 * right and a wrong expected context, and a principal the bucket layer lets in but the key layer
 * does not. They need the demo key enabled.
 */
final class ObjectSteps {
  static final String BUCKET = "demo-reports";
  static final String KEY = "reports/q3.txt";
  static final String OBJECT = BUCKET + "/" + KEY;
  static final String REPORTER = "arn:aws:iam::000000000000:role/Reporter";
  private static final String POLICY_NAME = "read-reports";
  static final byte[] CONTENT = "Q3 revenue: 1,234,567 EUR\n".getBytes(StandardCharsets.UTF_8);

  private ObjectSteps() {}

  static List<DemoStep> steps() {
    return List.of(
        new DemoStep(
            "Create a bucket encrypted under the demo key by default, with a bucket key",
            "coffer bucket create " + BUCKET + " --kms-key " + ALIAS + " --bucket-key",
            ObjectSteps::createBucket),
        new DemoStep(
            "Put an object with an encryption context",
            "coffer put " + OBJECT + " q3.txt --sse-kms " + CONTEXT,
            ObjectSteps::put),
        new DemoStep(
            "Head it: how it is encrypted, read without decrypting anything",
            "coffer head " + OBJECT,
            ObjectSteps::head),
        new DemoStep(
            "Get it with the expected context",
            "coffer get " + OBJECT + " - " + CONTEXT,
            ObjectSteps::get),
        new DemoStep(
            "Get it expecting another tenant's context",
            "coffer get " + OBJECT + " - " + WRONG_CONTEXT,
            ObjectSteps::getWithWrongContext),
        new DemoStep(
            "Give a Reporter role s3:GetObject on the bucket, and nothing on the key",
            "coffer principal policy put " + REPORTER + " " + POLICY_NAME + " reporter-policy.json",
            ObjectSteps::reporterMayHead),
        new DemoStep(
            "The Reporter's get is refused by the key layer",
            "coffer --as " + REPORTER + " get " + OBJECT + " - " + CONTEXT,
            ObjectSteps::reporterIsDenied));
  }

  private static String createBucket(DemoTour.State s) {
    BucketInfo bucket =
        s.s3.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(ALIAS, true)));
    BucketEncryption stored = s.s3.getBucketEncryption(BUCKET);
    expect(
        stored.kmsKeyId().equals(s.keyArn) && stored.bucketKeyEnabled(),
        "the bucket's default encryption to name the demo key, with a bucket key");
    return "bucket "
        + bucket.name()
        + ": new objects are encrypted under "
        + stored.kmsKeyId()
        + ", with data keys derived from a bucket key";
  }

  private static String put(DemoTour.State s) {
    ObjectInfo info =
        s.s3.putObject(
            PutObjectRequest.builder(BUCKET, KEY)
                .sseKms()
                .encryptionContext(s.context)
                .contentType("text/plain")
                .build(),
            CONTENT);
    expectEncryptedAsNarrated(s, info);
    return info.size()
        + " bytes under their own data key, derived from the bucket key under "
        + ALIAS
        + " version "
        + info.kmsKeyVersion()
        + "; the context is stored with the object and bound to its ciphertext";
  }

  private static String head(DemoTour.State s) {
    ObjectInfo info = s.s3.headObject(BUCKET, KEY);
    expectEncryptedAsNarrated(s, info);
    expect(info.size() == CONTENT.length, "the size of what was put");
    return "Encryption   "
        + info.serverSideEncryption()
        + "\nKMS key      "
        + info.kmsKeyArn()
        + "\nKey version  "
        + info.kmsKeyVersion()
        + "\nBucket key   "
        + ObjectText.onOff(info.bucketKeyEnabled())
        + "\nContext      "
        + ObjectText.pairs(info.encryptionContext().asMap());
  }

  private static String get(DemoTour.State s) {
    byte[] data = read(s, GetObjectRequest.of(BUCKET, KEY).expectingContext(s.context));
    expect(Arrays.equals(data, CONTENT), "the bytes that were put");
    return "the context matched and the object decrypted: "
        + new String(data, StandardCharsets.UTF_8).strip();
  }

  private static String getWithWrongContext(DemoTour.State s) {
    EncryptionContext wrong = EncryptionContext.of("tenant", "globex").with("purpose", "demo");
    CofferException e =
        refused(
            ErrorCode.INTEGRITY_FAILURE,
            () -> read(s, GetObjectRequest.of(BUCKET, KEY).expectingContext(wrong)));
    return "refused with " + e.errorCode() + " before any data was decrypted (exit code 5)";
  }

  private static String reporterMayHead(DemoTour.State s) {
    String policy = reporterPolicy();
    s.kms.putPrincipalPolicy(Principal.of(REPORTER), POLICY_NAME, policy);
    ObjectInfo info = s.s3As(REPORTER).headObject(BUCKET, KEY);
    expect(info.kmsKeyArn().equals(s.keyArn), "the Reporter's head to show the demo key");
    return "reporter-policy.json:\n"
        + policy
        + "The Reporter can head the object already: head decrypts nothing, so it needs no KMS "
        + "permission.";
  }

  private static String reporterIsDenied(DemoTour.State s) {
    CofferException e =
        refused(
            ErrorCode.ACCESS_DENIED,
            () -> read(s.s3As(REPORTER), GetObjectRequest.of(BUCKET, KEY)));
    expect(
        e.getMessage().contains("kms:Decrypt") && e.getMessage().contains(s.keyArn),
        "the denial to name kms:Decrypt and the demo key");
    return "the bucket layer allows s3:GetObject, but decrypting needs kms:Decrypt on the key:"
        + " refused with ACCESS_DENIED; the key layer explains:\n"
        + e.getMessage();
  }

  private static void expectEncryptedAsNarrated(DemoTour.State s, ObjectInfo info) {
    expect(
        info.serverSideEncryption().equals(ObjectJson.SSE_KMS)
            && info.kmsKeyArn().equals(s.keyArn)
            && info.bucketKeyEnabled(),
        "aws:kms under the demo key with a bucket key");
    expect(
        info.encryptionContext().equals(s.context.with("aws:s3:arn", "arn:aws:s3:::" + BUCKET)),
        "the context tenant=acme, purpose=demo plus aws:s3:arn of the bucket");
  }

  private static byte[] read(DemoTour.State s, GetObjectRequest request) {
    return read(s.s3, request);
  }

  /** The whole object, as the demo reads it (also through the sidecar). */
  static byte[] read(ObjectStore s3, GetObjectRequest request) {
    try (ObjectContent content = s3.getObject(request)) {
      return content.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String reporterPolicy() {
    return "{\n"
        + "  \"Version\": \"2012-10-17\",\n"
        + "  \"Statement\": [\n"
        + "    {\n"
        + "      \"Sid\": \"ReadReports\",\n"
        + "      \"Effect\": \"Allow\",\n"
        + "      \"Action\": \"s3:GetObject\",\n"
        + "      \"Resource\": \"arn:aws:s3:::"
        + BUCKET
        + "/*\"\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }
}
