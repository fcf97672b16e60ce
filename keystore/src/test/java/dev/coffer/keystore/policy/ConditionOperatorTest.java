package dev.coffer.keystore.policy;

import static dev.coffer.keystore.policy.PolicyTesting.allowWhen;
import static dev.coffer.keystore.policy.PolicyTesting.identityAllows;
import static dev.coffer.keystore.policy.PolicyTesting.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator, qualifier and absent-key rule, as a table: operator, policy values, request
 * values ({@code null} = the key is absent), expected outcome.
 */
class ConditionOperatorTest {
  private static final String ABSENT = null;

  private static Arguments row(String op, String policy, String request, boolean expected) {
    return Arguments.of(op, policy, request, expected);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // String: values are alternatives; negation needs all to differ.
        row("StringEquals", "a", "a", true),
        row("StringEquals", "a", "A", false),
        row("StringEquals", "a|b", "b", true),
        row("StringEquals", "a", ABSENT, false),
        row("StringNotEquals", "a", "b", true),
        row("StringNotEquals", "a|b", "b", false),
        row("StringNotEquals", "a", ABSENT, true),
        row("StringEqualsIgnoreCase", "Prod", "pROD", true),
        row("StringNotEqualsIgnoreCase", "Prod", "pROD", false),
        row("StringLike", "re*rt?", "report", false),
        row("StringLike", "re*rt?", "reports", true),
        row("StringLike", "re*rt?", "rerts", true),
        row("StringLike", "*", "", true),
        row("StringNotLike", "z*", "zeta", false),
        row("StringNotLike", "z*", "acme", true),
        row("StringNotLike", "z*", ABSENT, true),
        row("StringEqualsIfExists", "a", ABSENT, true),
        row("StringEqualsIfExists", "a", "b", false),
        row("StringNotEqualsIfExists", "a", ABSENT, true),
        row("StringNotEqualsIfExists", "a", "a", false),
        // Numeric, with numbers as text.
        row("NumericEquals", "10", "10.0", true),
        row("NumericNotEquals", "10", "11", true),
        row("NumericLessThan", "10", "9", true),
        row("NumericLessThan", "10", "10", false),
        row("NumericLessThanEquals", "10", "10", true),
        row("NumericGreaterThan", "10", "11", true),
        row("NumericGreaterThanEquals", "10", "9", false),
        row("NumericEquals", "10", "ten", false),
        row("NumericLessThan", "10", ABSENT, false),
        row("NumericNotEquals", "10", ABSENT, true),
        // Dates: ISO 8601 and epoch seconds.
        row("DateLessThan", "2030-01-01T00:00:00Z", "2026-11-23T12:00:00Z", true),
        row("DateGreaterThan", "2030-01-01T00:00:00Z", "2026-11-23T12:00:00Z", false),
        row("DateEquals", "2026-11-23T00:00:00Z", "1795392000", true),
        row("DateLessThanEquals", "2026-11-23", "2026-11-23T00:00:00Z", true),
        row("DateGreaterThanEquals", "1795392000", "2026-11-23T00:00:01Z", true),
        row("DateNotEquals", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", true),
        // Bool and binary.
        row("Bool", "true", "true", true),
        row("Bool", "true", "false", false),
        row("Bool", "false", "FALSE", true),
        row("Bool", "true", ABSENT, false),
        row("BoolIfExists", "true", ABSENT, true),
        row("BinaryEquals", "QmluYXJ5", "QmluYXJ5", true),
        row("BinaryEquals", "QmluYXJ5", "QmluYXJ6", false),
        // IP addresses.
        row("IpAddress", "203.0.113.0/24", "203.0.113.77", true),
        row("IpAddress", "203.0.113.0/24", "203.0.114.1", false),
        row("IpAddress", "2001:db8::/32", "2001:db8:1::1", true),
        row("NotIpAddress", "10.0.0.0/8", "192.168.0.1", true),
        row("NotIpAddress", "10.0.0.0/8", "10.1.2.3", false),
        row("IpAddress", "10.0.0.1", "10.0.0.1", true),
        // ARNs (ArnEquals and ArnLike both take wildcards, as in IAM).
        row(
            "ArnLike",
            "arn:aws:iam::*:role/App*",
            "arn:aws:iam::111122223333:role/AppServer",
            true),
        row(
            "ArnEquals",
            "arn:aws:iam::111122223333:role/App",
            "arn:aws:iam::111122223333:role/App",
            true),
        row(
            "ArnNotEquals",
            "arn:aws:iam::111122223333:role/App",
            "arn:aws:iam::111122223333:role/Other",
            true),
        row("ArnNotLike", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x", false),
        // Null tests presence.
        row("Null", "true", ABSENT, true),
        row("Null", "true", "x", false),
        row("Null", "false", "x", true),
        row("Null", "false", ABSENT, false));
  }

  @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
  @MethodSource("table")
  void operator_onASingleValuedKey(String op, String policy, String request, boolean expected) {
    PolicyDocument doc = allowWhen(op, "test:Key", Arrays.asList(policy.split("\\|")));
    RequestContext.Builder req = request();
    if (request != null) {
      req.conditionKey("test:Key", request);
    }
    assertThat(identityAllows(doc, req.build())).isEqualTo(expected);
  }

  static Stream<Arguments> setTable() {
    List<String> none = List.of();
    return Stream.of(
        // ForAllValues: every request value must be allowed; empty or absent is vacuously true.
        Arguments.of("ForAllValues:StringEquals", List.of("env", "tenant"), List.of("env"), true),
        Arguments.of(
            "ForAllValues:StringEquals", List.of("env", "tenant"), List.of("env", "owner"), false),
        Arguments.of("ForAllValues:StringEquals", List.of("env"), none, true),
        Arguments.of("ForAllValues:StringLike", List.of("t*"), List.of("tenant", "team"), true),
        // ForAnyValue: at least one request value; absent is false.
        Arguments.of("ForAnyValue:StringEquals", List.of("env"), List.of("owner", "env"), true),
        Arguments.of("ForAnyValue:StringEquals", List.of("env"), List.of("owner"), false),
        Arguments.of("ForAnyValue:StringEquals", List.of("env"), none, false),
        // Negated inside a qualifier: some / every value avoids all policy values.
        Arguments.of("ForAnyValue:StringNotEquals", List.of("env"), List.of("env", "x"), true),
        Arguments.of("ForAllValues:StringNotEquals", List.of("env"), List.of("env", "x"), false),
        Arguments.of("ForAllValues:StringNotEquals", List.of("env"), List.of("x", "y"), true),
        // Unqualified on a multi-valued key: any value may match.
        Arguments.of("StringEquals", List.of("env"), List.of("owner", "env"), true));
  }

  @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
  @MethodSource("setTable")
  void qualifier_onAMultiValuedKey(
      String op, List<String> policy, List<String> request, boolean expected) {
    PolicyDocument doc = allowWhen(op, "kms:EncryptionContextKeys", policy);
    assertThat(
            identityAllows(
                doc, request().conditionKey("kms:EncryptionContextKeys", request).build()))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void conditionKeyNames_areCaseInsensitive_valuesAreNot() {
    PolicyDocument doc = allowWhen("StringEquals", "KMS:encryptioncontext:Tenant", List.of("acme"));
    assertThat(
            identityAllows(
                doc, request().conditionKey("kms:EncryptionContext:tenant", "acme").build()))
        .isTrue();
    assertThat(
            identityAllows(
                doc, request().conditionKey("kms:EncryptionContext:tenant", "ACME").build()))
        .isFalse();
  }

  @org.junit.jupiter.api.Test
  void severalConditions_mustAllHold() {
    PolicyDocument doc =
        PolicyDocument.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"a:x\":\"1\",\"a:y\":\"2\"},"
                + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}",
            PolicyKind.IDENTITY_POLICY);
    RequestContext.Builder base = request().conditionKey("a:x", "1").conditionKey("a:y", "2");
    assertThat(identityAllows(doc, base.conditionKey("aws:SecureTransport", "true").build()))
        .isTrue();
    assertThat(identityAllows(doc, base.conditionKey("aws:SecureTransport", "false").build()))
        .isFalse();
    assertThat(
            identityAllows(
                doc,
                request()
                    .conditionKey("a:x", "1")
                    .conditionKey("aws:SecureTransport", "true")
                    .build()))
        .isFalse();
  }
}
