package dev.coffer.keystore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy documents from public SSE-KMS guides, with the decisions AWS's documented rules give
 * (shared/policies, copied into test resources). Every case must come out as AWS says.
 */
class SharedPolicyCasesTest {
  private static final List<String> FILES =
      List.of(
          "context-conditions.json",
          "seed-bucket-policy-require-kms-key.json",
          "seed-key-policy-separation-of-duties.json",
          "seed-key-policy-single-role.json");

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String file : FILES) {
      JsonObject doc;
      try (InputStream in =
          SharedPolicyCasesTest.class.getResourceAsStream("/policy-cases/" + file)) {
        doc =
            JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .getAsJsonObject();
      }
      int n = 0;
      for (JsonElement c : doc.getAsJsonArray("cases")) {
        out.add(Arguments.of(file + " #" + (++n), doc, c.getAsJsonObject()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sharedCase_decidesAsAwsDocuments(String name, JsonObject doc, JsonObject c) {
    String action = c.get("action").getAsString();
    boolean kms = action.startsWith("kms:");
    PolicyKind resourceKind = kms ? PolicyKind.KEY_POLICY : PolicyKind.BUCKET_POLICY;
    AttachedPolicy resource =
        new AttachedPolicy(
            resourceKind.displayName(),
            PolicyDocument.parse(doc.get("resourcePolicy").toString(), resourceKind));
    String principal = c.get("principal").getAsString();
    List<AttachedPolicy> identity = new ArrayList<>();
    JsonObject identities = doc.getAsJsonObject("identityPolicies");
    if (identities.has(principal)) {
      identity.add(
          new AttachedPolicy(
              "identity policy of " + principal,
              PolicyDocument.parse(
                  identities.get(principal).toString(), PolicyKind.IDENTITY_POLICY)));
    }
    RequestContext.Builder request =
        RequestContext.builder()
            .principal(Principal.of(principal))
            .action(action)
            .resource(c.get("resource").getAsString());
    for (Map.Entry<String, JsonElement> key : c.getAsJsonObject("conditionKeys").entrySet()) {
      List<String> values = new ArrayList<>();
      if (key.getValue().isJsonArray()) {
        key.getValue().getAsJsonArray().forEach(v -> values.add(v.getAsString()));
      } else {
        values.add(key.getValue().getAsString());
      }
      request.conditionKey(key.getKey(), values);
    }
    PolicyDecision decision =
        PolicyDecider.decide(
            kms ? PolicyDecider.Model.KMS : PolicyDecider.Model.S3,
            doc.get("account").getAsString(),
            Optional.of(resource),
            identity,
            Optional.empty(),
            request.build());
    assertThat(decision.outcome())
        .as("%s: %s", name, decision.explanation())
        .isEqualTo(Outcome.valueOf(c.get("expect").getAsString()));
    assertThat(decision.explanation()).isNotBlank();
  }
}
