package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.keystore.policy.AttachedPolicy;
import dev.coffer.keystore.policy.KeyPolicies;
import dev.coffer.keystore.policy.PolicyDecider;
import dev.coffer.keystore.policy.PolicyDocument;
import dev.coffer.keystore.policy.PolicyKind;
import dev.coffer.keystore.policy.RequestContext;
import dev.coffer.keystore.testing.TagMaps;
import dev.coffer.keystore.testing.UnicodeStrings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the tag condition keys: {@code aws:ResourceTag/<key>} and {@code
 * aws:RequestTag/<key>} name their tag in any letter case (condition key names are
 * case-insensitive: lower-cased, as everywhere in the policy engine) and compare values exactly;
 * {@code aws:TagKeys} holds the requested tag keys exactly as written, so {@code
 * ForAllValues:StringEquals} lists them case-sensitively, as IAM's StringEquals does.
 */
class TagConditionPropertiesTest {
  private static final String ACCOUNT = Keystore.DEFAULT_ACCOUNT;
  private static final String KEY_ARN =
      "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/11111111-2222-4333-8444-555555555555";

  /** Tag keys with case variants, including characters whose case mappings are irregular. */
  private static final List<String> TAG_KEYS =
      Stream.of(
              Stream.of("Project", "project", "PROJECT", "team", "Team", "env"),
              TagMaps.IRREGULAR_CASE_LETTERS.stream(),
              Stream.of("x$y", "a${b}"))
          .flatMap(x -> x)
          .toList();

  private static final Gen<String> KEYS =
      Generate.pick(TAG_KEYS).mix(UnicodeStrings.ofLengthBetween(1, 4), 20);

  private static final Gen<String> VALUES =
      Generate.pick(List.of("", "alpha", "Alpha", "ALPHA", "beta", "ß", "SS", "${aws:username}"))
          .mix(UnicodeStrings.ofLengthBetween(0, 4), 20);

  private static final Gen<Map<String, String>> TAG_MAPS = TagMaps.of(KEYS, VALUES, 5);

  /** Picks a tag key: one the map has (at the index, modulo its size) or any key. */
  private static final Gen<Integer> PICKS =
      Generate.frequency(
          List.of(Pair.of(3, integers().between(0, 4)), Pair.of(1, Generate.constant(-1))));

  @TempDir Path dir;

  /** {@code s} with each code point upper- or lower-cased as the bits of {@code mask} say. */
  private static String recase(String s, long mask) {
    StringBuilder out = new StringBuilder();
    int[] i = {0};
    s.codePoints()
        .forEach(
            cp -> {
              boolean upper = ((mask >>> (i[0]++ % 64)) & 1) == 1;
              out.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
            });
    return out.toString();
  }

  private static String pick(Map<String, String> tags, int pick, String otherwise) {
    if (pick < 0 || tags.isEmpty()) {
      return otherwise;
    }
    return new ArrayList<>(tags.keySet()).get(pick % tags.size());
  }

  /**
   * Whether a condition key naming tag {@code named} names tag {@code key}: condition key names are
   * case-insensitive, lower-cased (Locale.ROOT) as everywhere in the policy engine.
   */
  private static boolean sameName(String key, String named) {
    return key.toLowerCase(Locale.ROOT).equals(named.toLowerCase(Locale.ROOT));
  }

  /** A policy value that stands for itself: {@code $} is escaped as {@code ${$}}. */
  private static String literal(String value) {
    return value.replace("$", "${$}");
  }

  private static String allowWhen(List<String> actions, String operator, JsonObject keys) {
    JsonObject condition = new JsonObject();
    condition.add(operator, keys);
    JsonObject statement = new JsonObject();
    statement.addProperty("Effect", "Allow");
    JsonArray a = new JsonArray();
    actions.forEach(a::add);
    statement.add("Action", a);
    statement.addProperty("Resource", "*");
    statement.add("Condition", condition);
    JsonObject doc = new JsonObject();
    doc.addProperty("Version", "2012-10-17");
    doc.add("Statement", statement);
    return doc.toString();
  }

  private static JsonObject condition(String key, List<String> values) {
    JsonArray v = new JsonArray();
    values.forEach(x -> v.add(literal(x)));
    JsonObject keys = new JsonObject();
    keys.add(key, v);
    return keys;
  }

  /** Starts an example afresh, whatever an earlier (failed) one left on the key. */
  private static void removeAllTags(KeyService admin, String keyId) {
    Set<String> left = admin.listResourceTags(keyId).keySet();
    if (!left.isEmpty()) {
      admin.untagResource(UntagResourceRequest.of(keyId, left));
    }
  }

  @Test
  void resourceTagCondition_matchesTheTagKeyInAnyCase_andTheValueExactly() {
    PolicyDocument keyPolicy =
        PolicyDocument.parse(KeyPolicies.defaultFor(ACCOUNT), PolicyKind.KEY_POLICY);
    qt().withExamples(400)
        .forAll(
            TAG_MAPS,
            PICKS.zip(KEYS, Pair::of),
            longs().all(),
            lists().of(VALUES).ofSizeBetween(1, 2))
        .checkAssert(
            (tags, pickOrKey, mask, wanted) -> {
              String named = recase(pick(tags, pickOrKey._1, pickOrKey._2), mask);
              List<String> values = new ArrayList<>(wanted);
              if (pickOrKey._1 >= 0 && !tags.isEmpty() && mask % 3 != 0) {
                values.set(0, tags.get(pick(tags, pickOrKey._1, named)));
              }
              String policy =
                  allowWhen(
                      List.of("kms:Decrypt"),
                      "StringEquals",
                      condition("aws:ResourceTag/" + named, values));
              RequestContext request =
                  RequestContext.builder()
                      .principal(ALICE)
                      .action("kms:Decrypt")
                      .resource(KEY_ARN)
                      .resourceTags(tags)
                      .build();
              boolean allowed =
                  PolicyDecider.decide(
                          PolicyDecider.Model.KMS,
                          ACCOUNT,
                          Optional.of(new AttachedPolicy("key policy", keyPolicy)),
                          List.of(
                              new AttachedPolicy(
                                  "identity policy",
                                  PolicyDocument.parse(policy, PolicyKind.IDENTITY_POLICY))),
                          Optional.empty(),
                          request)
                      .allowed();
              boolean expected =
                  tags.entrySet().stream()
                      .anyMatch(e -> sameName(e.getKey(), named) && values.contains(e.getValue()));
              assertThat(allowed).as("%s with tags %s", policy, tags).isEqualTo(expected);
            });
  }

  @Test
  void tagKeysCondition_allowsTaggingExactlyWhenEveryRequestedKeyIsListedInTheSameCase() {
    // The keystore refuses keys differing only in case (KeyTagsTest): none are requested here.
    Gen<List<String>> requested =
        TagMaps.withoutCaseVariants(KEYS, VALUES, 4).map(m -> List.copyOf(m.keySet()));
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      String keyId = fx.newKey().keyId();
      KeyService admin = fx.admin();
      KeyService alice = fx.as(ALICE);
      fx.allow(ALICE, "kms:CreateKey", "*");
      qt().withExamples(150)
          .withShrinkCycles(300)
          .forAll(
              requested,
              lists().of(KEYS).ofSizeBetween(1, 4),
              longs().all(),
              integers().between(0, 3))
          .checkAssert(
              (keys, listedKeys, mask, from) -> {
                // Often list the requested keys themselves, some in another case.
                List<String> listed = new ArrayList<>(listedKeys);
                for (int i = 0; i < keys.size() && i < from; i++) {
                  listed.add(
                      ((mask >>> i) & 1) == 1 ? recase(keys.get(i), mask >>> 8) : keys.get(i));
                }
                removeAllTags(admin, keyId);
                admin.putPrincipalPolicy(
                    ALICE,
                    "tag-keys",
                    allowWhen(
                        List.of("kms:TagResource", "kms:UntagResource"),
                        "ForAllValues:StringEquals",
                        condition("aws:TagKeys", listed)));
                Map<String, String> tags = new LinkedHashMap<>();
                keys.forEach(k -> tags.put(k, "v"));
                boolean expected = listed.containsAll(tags.keySet());
                String why = "requesting " + tags.keySet() + " with " + listed + " listed";

                TagResourceRequest tag = TagResourceRequest.of(keyId, tags);
                UntagResourceRequest untag = UntagResourceRequest.of(keyId, keys);
                CreateKeyRequest create = CreateKeyRequest.builder().tags(tags).build();
                if (expected) {
                  alice.tagResource(tag);
                  assertThat(admin.listResourceTags(keyId)).as(why).containsAllEntriesOf(tags);
                  alice.untagResource(untag);
                  assertThat(admin.listResourceTags(keyId)).as(why).isEmpty();
                  if (mask % 4 == 0) {
                    String created = alice.createKey(create).keyId();
                    assertThat(admin.listResourceTags(created)).as(why).isEqualTo(tags);
                  }
                } else {
                  assertThatThrownBy(() -> alice.tagResource(tag))
                      .as(why)
                      .isInstanceOf(AccessDeniedException.class);
                  assertThatThrownBy(() -> alice.untagResource(untag))
                      .as(why)
                      .isInstanceOf(AccessDeniedException.class);
                  if (mask % 4 == 0) {
                    assertThatThrownBy(() -> alice.createKey(create))
                        .as(why)
                        .isInstanceOf(AccessDeniedException.class)
                        .hasMessageContaining("kms:TagResource");
                  }
                  assertThat(admin.listResourceTags(keyId)).as(why).isEmpty();
                }
              });
    }
  }

  @Test
  void requestTagCondition_matchesTheTagKeyInAnyCase_andTheValueExactly() {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      String keyId = fx.newKey().keyId();
      KeyService admin = fx.admin();
      KeyService alice = fx.as(ALICE);
      qt().withExamples(150)
          .withShrinkCycles(300)
          .forAll(
              TagMaps.withoutCaseVariants(KEYS, VALUES, 5),
              PICKS.zip(KEYS, Pair::of),
              longs().all(),
              VALUES)
          .checkAssert(
              (tags, pickOrKey, mask, other) -> {
                removeAllTags(admin, keyId);
                String named = recase(pick(tags, pickOrKey._1, pickOrKey._2), mask);
                String value =
                    pickOrKey._1 >= 0 && mask % 3 != 0
                        ? tags.get(pick(tags, pickOrKey._1, named))
                        : other;
                String policy =
                    allowWhen(
                        List.of("kms:TagResource"),
                        "StringEquals",
                        condition("aws:RequestTag/" + named, List.of(value)));
                admin.putPrincipalPolicy(ALICE, "request-tag", policy);
                boolean expected =
                    tags.entrySet().stream()
                        .anyMatch(e -> sameName(e.getKey(), named) && e.getValue().equals(value));
                TagResourceRequest tag = TagResourceRequest.of(keyId, tags);
                String why = policy + " requesting " + tags;
                if (expected) {
                  alice.tagResource(tag);
                  assertThat(admin.listResourceTags(keyId)).as(why).isEqualTo(tags);
                } else {
                  assertThatThrownBy(() -> alice.tagResource(tag))
                      .as(why)
                      .isInstanceOf(AccessDeniedException.class);
                }
              });
    }
  }
}
