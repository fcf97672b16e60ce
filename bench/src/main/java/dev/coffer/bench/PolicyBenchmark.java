package dev.coffer.bench;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.policy.AttachedPolicy;
import dev.coffer.keystore.policy.PolicyDecider;
import dev.coffer.keystore.policy.PolicyDecision;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import dev.coffer.keystore.policy.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Policy evaluation, which every Put and Get pays twice (bucket policy and key policy). The key
 * policy has five statements and two conditions, shaped like the SSE-KMS guides' policies: root
 * delegation, key administrators, an application role limited by encryption context, access through
 * S3 only, and a deny.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PolicyBenchmark {
  static final String ACCOUNT = "111122223333";
  static final String KEY =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  static final String KEY_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":["
          + "{\"Sid\":\"EnableRootAccountAccess\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
          + "{\"Sid\":\"KeyAdministrators\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/KeyAdmin\"},"
          + "\"Action\":[\"kms:Create*\",\"kms:Describe*\",\"kms:Enable*\",\"kms:List*\",\"kms:Put*\","
          + "\"kms:Update*\",\"kms:Revoke*\",\"kms:Disable*\",\"kms:Get*\",\"kms:Delete*\"],\"Resource\":\"*\"},"
          + "{\"Sid\":\"AppUsesTenantContext\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:role/AppServer\","
          + "\"arn:aws:iam::111122223333:role/Batch\"]},"
          + "\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\",\"kms:ReEncrypt*\"],\"Resource\":\"*\","
          + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"acme\"}}},"
          + "{\"Sid\":\"ViaS3Only\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\","
          + "\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}},"
          + "{\"Sid\":\"NoDeletion\",\"Effect\":\"Deny\",\"Principal\":\"*\","
          + "\"Action\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}]}";

  private Optional<AttachedPolicy> keyPolicy;
  private RequestContext allowedRequest;
  private RequestContext deniedRequest;
  private Principal caller;
  private EncryptionContext context;

  @Setup
  public void setUp() {
    keyPolicy =
        Optional.of(
            new AttachedPolicy(
                "key policy", PolicyDocument.parse(KEY_POLICY, PolicyKind.KEY_POLICY)));
    caller = Principal.of("arn:aws:iam::111122223333:role/AppServer");
    context = context("acme");
    allowedRequest = request(caller, context);
    deniedRequest = request(caller, context("globex"));
  }

  static EncryptionContext context(String tenant) {
    return EncryptionContext.of(
        Map.of("tenant", tenant, "aws:s3:arn", "arn:aws:s3:::invoices/2026/11/INV-1.pdf"));
  }

  static RequestContext request(Principal principal, EncryptionContext context) {
    return RequestContext.builder()
        .principal(principal)
        .action("kms:Decrypt")
        .resource(KEY)
        .encryptionContext(context)
        .time(Instant.parse("2026-11-23T12:00:00Z"))
        .conditionKey("kms:CallerAccount", ACCOUNT)
        .conditionKey("aws:SecureTransport", "true")
        .build();
  }

  /** A decision that the third statement allows (its condition holds). */
  @Benchmark
  public PolicyDecision decideAllowed() {
    return PolicyDecider.decide(
        PolicyDecider.Model.KMS, ACCOUNT, keyPolicy, List.of(), Optional.empty(), allowedRequest);
  }

  /** A decision no statement allows: every statement is examined. */
  @Benchmark
  public PolicyDecision decideImplicitDeny() {
    return PolicyDecider.decide(
        PolicyDecider.Model.KMS, ACCOUNT, keyPolicy, List.of(), Optional.empty(), deniedRequest);
  }

  /**
   * Assembling a request's condition keys from a caller and context that already exist, which a
   * real call pays once per decision.
   */
  @Benchmark
  public RequestContext buildRequestContext() {
    return request(caller, context);
  }
}
