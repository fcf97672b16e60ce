package dev.coffer.keystore.policy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.keystore.Principal;
import java.util.List;
import java.util.Optional;

/** Small builders for policy tests. */
final class PolicyTesting {
  static final String ACCOUNT = "111122223333";
  static final Principal ALICE = Principal.of("arn:aws:iam::111122223333:role/Alice");
  static final String KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555";

  private PolicyTesting() {}

  /** An identity policy allowing kms:Decrypt on everything when one condition holds. */
  static PolicyDocument allowWhen(String operator, String key, List<String> values) {
    JsonObject condition = new JsonObject();
    JsonObject op = new JsonObject();
    JsonArray v = new JsonArray();
    values.forEach(v::add);
    op.add(key, v);
    condition.add(operator, op);
    JsonObject statement = new JsonObject();
    statement.addProperty("Effect", "Allow");
    statement.addProperty("Action", "kms:Decrypt");
    statement.addProperty("Resource", "*");
    statement.add("Condition", condition);
    JsonObject doc = new JsonObject();
    doc.addProperty("Version", "2012-10-17");
    doc.add("Statement", statement);
    return PolicyDocument.parse(doc.toString(), PolicyKind.IDENTITY_POLICY);
  }

  /** Whether an identity policy alone allows the request (S3 rules: identity suffices). */
  static boolean identityAllows(PolicyDocument policy, RequestContext request) {
    return PolicyDecider.decide(
            PolicyDecider.Model.S3,
            ACCOUNT,
            Optional.empty(),
            List.of(new AttachedPolicy("identity policy", policy)),
            Optional.empty(),
            request)
        .allowed();
  }

  static RequestContext.Builder request() {
    return RequestContext.builder().principal(ALICE).action("kms:Decrypt").resource(KEY_ARN);
  }
}
