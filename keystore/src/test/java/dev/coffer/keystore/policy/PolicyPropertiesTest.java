package dev.coffer.keystore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties over generated key policies and requests. A statement and a request are each encoded
 * by one integer, whose bits pick from small vocabularies, so QuickTheories can shrink a failure to
 * a minimal policy.
 */
class PolicyPropertiesTest {
  private static final String ACCOUNT = "111122223333";
  private static final String KEY =
      "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555";
  private static final List<String> ACTIONS =
      List.of(
          "kms:Decrypt",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:*",
          "kms:Re*",
          "kms:Describe*",
          "*",
          "kms:?ncrypt");
  private static final List<String> RESOURCES =
      List.of(
          "*", KEY, "arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:us-east-1:999988887777:key/x");
  private static final List<String> PRINCIPALS =
      List.of(
          "*",
          "arn:aws:iam::111122223333:root",
          "arn:aws:iam::111122223333:role/Alice",
          "999988887777");
  private static final List<String> CALLERS =
      List.of(
          "arn:aws:iam::111122223333:role/Alice",
          "arn:aws:iam::111122223333:role/Bob",
          "arn:aws:iam::999988887777:role/Carol",
          "arn:aws:sts::111122223333:assumed-role/Alice/session");
  private static final List<String> REQUEST_ACTIONS =
      List.of(
          "kms:Decrypt",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:ReEncryptFrom",
          "kms:DescribeKey",
          "kms:PutKeyPolicy");
  private static final List<JsonObject> CONDITIONS = conditions();

  private static final Gen<List<Integer>> POLICIES =
      lists().of(integers().between(0, (1 << 14) - 1)).ofSizeBetween(1, 6);
  private static final Gen<Integer> REQUESTS = integers().between(0, (1 << 10) - 1);

  private static List<JsonObject> conditions() {
    List<JsonObject> out = new ArrayList<>();
    out.add(null);
    out.add(cond("StringEquals", "kms:EncryptionContext:env", "prod"));
    out.add(cond("StringNotEquals", "kms:EncryptionContext:env", "prod"));
    out.add(cond("ForAllValues:StringEquals", "kms:EncryptionContextKeys", "env"));
    out.add(cond("Bool", "aws:SecureTransport", "true"));
    out.add(cond("StringLikeIfExists", "kms:EncryptionContext:tenant", "a*"));
    out.add(cond("Null", "kms:EncryptionContextKeys", "false"));
    out.add(cond("StringEquals", "kms:CallerAccount", ACCOUNT));
    return out;
  }

  private static JsonObject cond(String op, String key, String value) {
    JsonObject inner = new JsonObject();
    inner.addProperty(key, value);
    JsonObject c = new JsonObject();
    c.add(op, inner);
    return c;
  }

  /**
   * Bits: 0 effect, 1-3 action, 4-5 resource, 6-7 principal, 8-10 condition, 11 NotAction, 12
   * NotResource.
   */
  private static JsonObject statement(int code) {
    JsonObject s = new JsonObject();
    s.addProperty("Effect", (code & 1) == 0 ? "Allow" : "Deny");
    String principal = PRINCIPALS.get((code >> 6) & 3);
    if (principal.equals("*")) {
      s.addProperty("Principal", "*");
    } else {
      JsonObject p = new JsonObject();
      p.addProperty("AWS", principal);
      s.add("Principal", p);
    }
    s.addProperty(((code >> 11) & 1) == 0 ? "Action" : "NotAction", ACTIONS.get((code >> 1) & 7));
    s.addProperty(
        ((code >> 12) & 1) == 0 ? "Resource" : "NotResource", RESOURCES.get((code >> 4) & 3));
    JsonObject c = CONDITIONS.get((code >> 8) & 7);
    if (c != null) {
      s.add("Condition", c);
    }
    return s;
  }

  private static PolicyDocument policy(List<JsonObject> statements) {
    JsonObject doc = new JsonObject();
    doc.addProperty("Version", "2012-10-17");
    JsonArray list = new JsonArray();
    statements.forEach(list::add);
    doc.add("Statement", list);
    return PolicyDocument.parse(doc.toString(), PolicyKind.KEY_POLICY);
  }

  private static List<JsonObject> statements(List<Integer> codes) {
    return new ArrayList<>(codes.stream().map(PolicyPropertiesTest::statement).toList());
  }

  /**
   * Bits: 0-1 caller, 2-4 action, 5 env=prod, 6 tenant=acme, 7 secure transport, 8 key resource.
   */
  private static RequestContext request(int code) {
    Map<String, String> ctx = new java.util.TreeMap<>();
    if (((code >> 5) & 1) == 1) {
      ctx.put("env", "prod");
    }
    if (((code >> 6) & 1) == 1) {
      ctx.put("tenant", "acme");
    }
    Principal caller = Principal.of(CALLERS.get(code & 3));
    return RequestContext.builder()
        .principal(caller)
        .action(REQUEST_ACTIONS.get(((code >> 2) & 7) % REQUEST_ACTIONS.size()))
        .resource(((code >> 8) & 1) == 0 ? KEY : "arn:aws:kms:us-east-1:111122223333:key/other")
        .encryptionContext(EncryptionContext.of(ctx))
        .conditionKey("aws:SecureTransport", ((code >> 7) & 1) == 1 ? "true" : "false")
        .conditionKey("kms:CallerAccount", caller.account())
        .build();
  }

  private static Outcome decide(PolicyDocument keyPolicy, RequestContext request) {
    return PolicyDecider.decide(
            PolicyDecider.Model.KMS,
            ACCOUNT,
            Optional.of(new AttachedPolicy("key policy", keyPolicy)),
            List.of(),
            Optional.empty(),
            request)
        .outcome();
  }

  @Test
  void aMatchingDeny_alwaysWins() {
    qt().forAll(POLICIES, REQUESTS, integers().between(0, 6))
        .checkAssert(
            (codes, req, at) -> {
              List<JsonObject> statements = statements(codes);
              JsonObject deny = new JsonObject();
              deny.addProperty("Effect", "Deny");
              deny.addProperty("Principal", "*");
              deny.addProperty("Action", "*");
              deny.addProperty("Resource", "*");
              statements.add(Math.min(at, statements.size()), deny);
              assertThat(decide(policy(statements), request(req))).isEqualTo(Outcome.EXPLICIT_DENY);
            });
  }

  @Test
  void statementOrder_neverChangesADecision() {
    qt().forAll(POLICIES, REQUESTS, integers().all())
        .checkAssert(
            (codes, req, seed) -> {
              List<JsonObject> statements = statements(codes);
              List<JsonObject> shuffled = new ArrayList<>(statements);
              Collections.shuffle(shuffled, new java.util.Random(seed));
              assertThat(decide(policy(shuffled), request(req)))
                  .isEqualTo(decide(policy(statements), request(req)));
            });
  }

  @Test
  void notActionAndNotResource_areTheComplementsOfActionAndResource() {
    qt().forAll(integers().between(0, (1 << 14) - 1), REQUESTS)
        .checkAssert(
            (code, req) -> {
              int allowAnyone = (code & ~1 & ~(3 << 6) & ~(7 << 8));
              int plain = allowAnyone & ~(1 << 11) & ~(1 << 12);
              RequestContext request = request(req);
              boolean action = decide(policy(List.of(statement(plain))), request) == Outcome.ALLOW;
              boolean notAction =
                  decide(policy(List.of(statement(plain | 1 << 11))), request) == Outcome.ALLOW;
              boolean notResource =
                  decide(policy(List.of(statement(plain | 1 << 12))), request) == Outcome.ALLOW;
              boolean both =
                  decide(policy(List.of(statement(plain | 1 << 11 | 1 << 12))), request)
                      == Outcome.ALLOW;
              boolean sameAccount = request.principal().account().equals(ACCOUNT);
              if (sameAccount) {
                String a = ACTIONS.get((plain >> 1) & 7);
                String r = RESOURCES.get((plain >> 4) & 3);
                boolean actionMatches = action || (!both && !notAction && notResource);
                assertThat(notAction)
                    .isEqualTo(!matchesAction(a, request) && matchesResource(r, request));
                assertThat(notResource)
                    .isEqualTo(matchesAction(a, request) && !matchesResource(r, request));
                assertThat(action)
                    .isEqualTo(matchesAction(a, request) && matchesResource(r, request));
                assertThat(both)
                    .isEqualTo(!matchesAction(a, request) && !matchesResource(r, request));
                assertThat(actionMatches || !action).isTrue();
              }
            });
  }

  private static boolean matchesAction(String pattern, RequestContext request) {
    return decide(policy(List.of(statement(encode(pattern, "*")))), request) == Outcome.ALLOW;
  }

  private static boolean matchesResource(String pattern, RequestContext request) {
    return decide(policy(List.of(statement(encode("*", pattern)))), request) == Outcome.ALLOW;
  }

  private static int encode(String action, String resource) {
    return ACTIONS.indexOf(action) << 1 | RESOURCES.indexOf(resource) << 4;
  }

  @Test
  void aPolicy_survivesAJsonRoundTripUnchangedInMeaning() {
    qt().forAll(POLICIES, REQUESTS)
        .checkAssert(
            (codes, req) -> {
              PolicyDocument original = policy(statements(codes));
              PolicyDocument again =
                  PolicyDocument.parse(original.canonicalJson(), PolicyKind.KEY_POLICY);
              assertThat(again.canonicalJson()).isEqualTo(original.canonicalJson());
              assertThat(again).isEqualTo(original);
              assertThat(decide(again, request(req))).isEqualTo(decide(original, request(req)));
            });
  }
}
