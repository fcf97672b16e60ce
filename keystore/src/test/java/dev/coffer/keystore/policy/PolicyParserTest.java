package dev.coffer.keystore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
  private static final String OK_STATEMENT =
      "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
          + "\"Action\":\"kms:*\",\"Resource\":\"*\"}";

  private static String keyPolicy(String statement) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
  }

  /** Document, and a fragment the error message must contain. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "empty"),
        Arguments.of("{\"Version\":\"2012-10-17\",\"Statement\":[", "invalid JSON"),
        Arguments.of("not json", "invalid JSON at line 1 column 1 path $"),
        Arguments.of("[]", "must be a JSON object"),
        Arguments.of("{\"Version\":\"2012-10-17\"}", "Statement: missing"),
        Arguments.of("{\"Version\":\"2021-01-01\",\"Statement\":" + OK_STATEMENT + "}", "Version"),
        Arguments.of("{\"Version\":\"2012-10-17\",\"Statement\":[]}", "at least one statement"),
        Arguments.of(
            "{\"Version\":\"2012-10-17\",\"Statemnt\":[]}",
            "unknown top-level element \"Statemnt\""),
        Arguments.of(
            "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[]}",
            "duplicate key"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Permit\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
            "Statement[0], Effect"),
        Arguments.of(
            keyPolicy(
                "{\"Sid\":\"S1\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
            "Statement[0] (Sid \"S1\"), Principal: exactly one of Principal and NotPrincipal"),
        Arguments.of(
            keyPolicy(
                OK_STATEMENT
                    + ",{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms*\",\"Resource\":\"*\"}"),
            "Statement[1], Action: \"kms*\" is not an action"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[],\"Resource\":\"*\"}"),
            "Action: must not be an empty list"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":{\"a\":1},\"Resource\":\"*\"}"),
            "Action: must be a string or a list of strings"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"key/abc\"}"),
            "Resource: \"key/abc\" is not \"*\" or an ARN"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1111:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
            "Principal: \"arn:aws:iam::1111:root\" is not an account id"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
            "wildcards other than"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"CanonicalUser\":\"abc\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"),
            "principal type \"CanonicalUser\" is not supported"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"a:b\":\"c\"}}}"),
            "Statement[0], Condition.StringEqualz: unknown condition operator"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"NullIfExists\":{\"a:b\":\"true\"}}}"),
            "unknown condition operator \"NullIfExists\""),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":\"ten\"}}}"),
            "Condition.NumericLessThan.s3:max-keys: NumericLessThan takes a number"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"soon\"}}}"),
            "not a date"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"300.1.1.1/8\"}}}"),
            "not an IP address"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}}"),
            "Bool takes true or false"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"nocolon\":\"x\"}}}"),
            "condition keys look like service:Name"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:s3:::b/${aws:username\"}"),
            "unterminated policy variable"),
        Arguments.of(
            keyPolicy(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Extra\":1}"),
            "unknown element \"Extra\""),
        Arguments.of(
            keyPolicy(
                OK_STATEMENT.replaceFirst("\\{", "{\"Sid\":\"A\",")
                    + ","
                    + OK_STATEMENT.replaceFirst("\\{", "{\"Sid\":\"A\",")),
            "Sid \"A\" is used twice"),
        Arguments.of(
            "{\"Version\":\"2012-10-17\",\"Statement\":" + OK_STATEMENT + "} trailing",
            "invalid JSON"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformed")
  void malformedDocument_isRefusedNamingWhatIsWrong(String json, String message) {
    assertThatThrownBy(() -> PolicyDocument.parse(json, PolicyKind.KEY_POLICY))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining(message);
  }

  @Test
  void identityPolicy_mayNotNamePrincipals() {
    assertThatThrownBy(
            () -> PolicyDocument.parse(keyPolicy(OK_STATEMENT), PolicyKind.IDENTITY_POLICY))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining("an identity policy cannot name a principal");
  }

  @Test
  void oversizedDocument_isRefusedBeforeParsing() {
    String huge = keyPolicy(OK_STATEMENT) + " ".repeat(1 << 20);
    assertThatThrownBy(() -> PolicyDocument.parse(huge, PolicyKind.KEY_POLICY))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining("the limit is 32768");
  }

  @Test
  void deeplyNestedJson_isRefusedWithoutExhaustingTheStack() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":" + deep + "}";
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> PolicyDocument.parse(doc, PolicyKind.BUCKET_POLICY))
                .isInstanceOf(MalformedPolicyException.class));
    String nested =
        "{\"Version\":\"2012-10-17\",\"Statement\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertThatThrownBy(() -> PolicyDocument.parse(nested, PolicyKind.KEY_POLICY))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void awsDocumentedKeyPolicies_parse() {
    PolicyDocument doc =
        PolicyDocument.parse(
            "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM"
                + " User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"Allow use via S3\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\","
                + "\"kms:GenerateDataKey*\",\"kms:DescribeKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"kms:CallerAccount\":\"111122223333\",\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}]}",
            PolicyKind.KEY_POLICY);
    assertThat(doc.statementCount()).isEqualTo(2);
    assertThat(doc.allowsAccountRoot("111122223333")).isTrue();
    assertThat(doc.id()).contains("key-default-1");
  }

  @Test
  void version2008_treatsVariablesAsLiteralText() {
    String json =
        "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::b/${aws:username}/*\"}}";
    PolicyDocument doc = PolicyDocument.parse(json, PolicyKind.IDENTITY_POLICY);
    RequestContext alice =
        RequestContext.builder()
            .principal(dev.coffer.keystore.Principal.of("arn:aws:iam::111122223333:user/alice"))
            .action("s3:GetObject")
            .resource("arn:aws:s3:::b/alice/x")
            .build();
    assertThat(PolicyTesting.identityAllows(doc, alice)).isFalse();
    PolicyDocument v2012 =
        PolicyDocument.parse(json.replace("2008-10-17", "2012-10-17"), PolicyKind.IDENTITY_POLICY);
    assertThat(PolicyTesting.identityAllows(v2012, alice)).isTrue();
  }
}
