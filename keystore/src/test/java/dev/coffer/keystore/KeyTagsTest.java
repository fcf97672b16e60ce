package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.policy.KeyPolicies;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TagResource, UntagResource, ListResourceTags, and tags and aliases as policies see them (ABAC).
 */
class KeyTagsTest extends KeystoreTestBase {
  private static final byte[] SECRET = "s".getBytes(StandardCharsets.UTF_8);

  private void tag(String k, String v) {
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of(k, v)));
  }

  private void allowAlice(String action, String condition) {
    kms.putPrincipalPolicy(
        ALICE,
        "p" + Integer.toHexString((action + condition).hashCode()),
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\""
            + action
            + "\",\"Resource\":\"*\",\"Condition\":"
            + condition
            + "}}");
  }

  private Ciphertext aliceEncrypts() {
    return fx.as(ALICE).encrypt(EncryptRequest.of(key.keyId(), SECRET, EncryptionContext.empty()));
  }

  @Test
  void tagResource_addsAndReplacesTags_andListShowsThemSortedAfterReopen() {
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("team", "web", "Cost", "42")));
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("team", "payments", "empty", "")));
    fx.reopen();
    KeyService admin = fx.admin();
    assertThat(admin.listResourceTags(key.keyId()))
        .containsExactly(
            Map.entry("Cost", "42"), Map.entry("empty", ""), Map.entry("team", "payments"));
    assertThat(admin.describeKey(key.keyId()).tags()).containsEntry("team", "payments");
  }

  @Test
  void untagResource_removesTheNamedTags_andIgnoresTagsTheKeyDoesNotHave() {
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("a", "1", "b", "2", "c", "3")));
    kms.untagResource(UntagResourceRequest.of(key.keyId(), List.of("b", "missing", "C")));
    assertThat(kms.listResourceTags(key.keyId()))
        .as("tag keys are case-sensitive")
        .containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
  }

  @Test
  void tagging_pastFiftyTags_failsWithLimitExceeded_andLeavesTheTagsAsTheyWere() {
    Map<String, String> fifty = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put("k" + i, "v");
    }
    kms.tagResource(TagResourceRequest.of(key.keyId(), fifty));
    kms.tagResource(TagResourceRequest.of(key.keyId(), Map.of("k7", "replaced")));
    long generation = fx.keystore().generation();
    assertThatThrownBy(() -> tag("one-more", "v"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("51 tags");
    assertThat(fx.keystore().generation()).isEqualTo(generation);
    assertThat(kms.listResourceTags(key.keyId())).hasSize(50).containsEntry("k7", "replaced");
  }

  @Test
  void badTags_areRefusedWhenTheRequestIsMade() {
    String id = key.keyId();
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("aws:team", "x")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("AWS:team", "x")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("", "x")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("k".repeat(129), "x")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("k", "v".repeat(257))))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> UntagResourceRequest.of(id, List.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> CreateKeyRequest.builder().tag("Aws:x", "y"))
        .isInstanceOf(InvalidArgumentException.class);
    TagResourceRequest.of(id, Map.of("k".repeat(128), "v".repeat(256)));
    // Limits count characters, as AWS does, not UTF-16 units: an emoji is one character.
    TagResourceRequest.of(id, Map.of("😀".repeat(128), "😀".repeat(256)));
    assertThatThrownBy(() -> TagResourceRequest.of(id, Map.of("😀".repeat(129), "x")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void tagKeysDifferingOnlyInCase_areRefused_soARequestTagConditionCannotBeSidestepped() {
    allowAlice("kms:TagResource", "{\"StringEquals\":{\"aws:RequestTag/Project\":\"alpha\"}}");
    KeyService alice = fx.as(ALICE);
    assertThatThrownBy(
            () ->
                alice.tagResource(
                    TagResourceRequest.of(
                        key.keyId(), orderedMap("Project", "alpha", "PROJECT", "beta"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("differ only in letter case");
    alice.tagResource(TagResourceRequest.of(key.keyId(), Map.of("Project", "alpha")));
    assertThatThrownBy(() -> tag("project", "beta")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () -> kms.createKey(CreateKeyRequest.builder().tag("a", "1").tag("A", "2").build()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(kms.listResourceTags(key.keyId())).containsExactly(Map.entry("Project", "alpha"));
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void aKeyPendingDeletion_keepsItsTags_andRefusesChangesToThem() {
    tag("team", "web");
    kms.scheduleKeyDeletion(key.keyId(), 7);
    assertThatThrownBy(() -> tag("team", "ops"))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("PendingDeletion");
    assertThatThrownBy(
            () -> kms.untagResource(UntagResourceRequest.of(key.keyId(), List.of("team"))))
        .isInstanceOf(InvalidStateException.class);
    assertThat(kms.listResourceTags(key.keyId())).containsExactly(Map.entry("team", "web"));
  }

  @Test
  void aResourceTagCondition_grantsAccessWhileTheKeyCarriesTheTag() {
    allowAlice("kms:Encrypt", "{\"StringEquals\":{\"aws:ResourceTag/Project\":\"alpha\"}}");
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
    tag("project", "alpha");
    assertThat(aliceEncrypts()).as("tag keys in condition key names ignore case").isNotNull();
    tag("project", "beta");
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
    tag("project", "alpha");
    kms.untagResource(UntagResourceRequest.of(key.keyId(), List.of("project")));
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aResourceAliasesCondition_grantsAccessWhileTheKeyHasTheAlias() {
    allowAlice(
        "kms:Encrypt",
        "{\"ForAnyValue:StringLike\":{\"kms:ResourceAliases\":\"alias/finance-*\"}}");
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
    kms.createAlias("alias/other", key.keyId());
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
    kms.createAlias("alias/finance-2026", key.keyId());
    assertThat(aliceEncrypts()).isNotNull();
    kms.updateAlias("alias/finance-2026", fx.newKey().keyId());
    assertThatThrownBy(this::aliceEncrypts).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aResourceTagCondition_namesATagWhoseKeyGrowsWhenLowerCased() {
    // "İ" (U+0130) lower-cases to two characters, "i" and a combining dot: the condition key name
    // is lower-cased, so the tag key must be compared the same way, not with equalsIgnoreCase.
    allowAlice("kms:Encrypt", "{\"StringEquals\":{\"aws:ResourceTag/İ\":\"x\"}}");
    tag("İ", "x");
    assertThat(aliceEncrypts()).isNotNull();
  }

  @Test
  void anEncryptionContextCondition_namesAPairWhoseKeyGrowsWhenLowerCased() {
    allowAlice("kms:Encrypt", "{\"StringEquals\":{\"kms:EncryptionContext:İ\":\"x\"}}");
    assertThat(
            fx.as(ALICE)
                .encrypt(EncryptRequest.of(key.keyId(), SECRET, EncryptionContext.of("İ", "x"))))
        .isNotNull();
  }

  @Test
  void aKeyPolicyDenyOnAResourceTag_overridesTheAllow() {
    kms.putKeyPolicy(
        key.keyId(),
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + KeyPolicies.enableIamUserPermissions(Keystore.DEFAULT_ACCOUNT)
            + ",{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\","
            + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
            + "{\"aws:ResourceTag/Frozen\":\"true\"}}}]}",
        false);
    Ciphertext c = kms.encrypt(EncryptRequest.of(key.keyId(), SECRET, EncryptionContext.empty()));
    kms.decrypt(DecryptRequest.of(c.blob(), EncryptionContext.empty()));
    tag("Frozen", "true");
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(c.blob(), EncryptionContext.empty())))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("explicitly denied");
  }

  @Test
  void requestTagAndTagKeysConditions_limitWhichTagsACallerMaySet() {
    allowAlice(
        "kms:TagResource",
        "{\"StringEquals\":{\"aws:RequestTag/Project\":\"alpha\"},"
            + "\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"Project\"]}}");
    allowAlice(
        "kms:UntagResource", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"Project\"]}}");
    KeyService alice = fx.as(ALICE);
    alice.tagResource(TagResourceRequest.of(key.keyId(), Map.of("Project", "alpha")));
    assertThatThrownBy(
            () -> alice.tagResource(TagResourceRequest.of(key.keyId(), Map.of("Project", "beta"))))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                alice.tagResource(
                    TagResourceRequest.of(key.keyId(), Map.of("Project", "alpha", "Owner", "x"))))
        .isInstanceOf(AccessDeniedException.class);
    tag("Owner", "admin");
    assertThatThrownBy(
            () -> alice.untagResource(UntagResourceRequest.of(key.keyId(), List.of("Owner"))))
        .isInstanceOf(AccessDeniedException.class);
    alice.untagResource(UntagResourceRequest.of(key.keyId(), List.of("Project")));
    assertThat(kms.listResourceTags(key.keyId())).containsExactly(Map.entry("Owner", "admin"));
  }

  @Test
  void createKey_withTags_alsoNeedsTagResource() {
    fx.allow(ALICE, "kms:CreateKey", "*");
    KeyService alice = fx.as(ALICE);
    alice.createKey(CreateKeyRequest.defaults());
    assertThatThrownBy(
            () -> alice.createKey(CreateKeyRequest.builder().tag("Project", "alpha").build()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:TagResource");
    allowAlice("kms:TagResource", "{\"StringEquals\":{\"aws:RequestTag/Project\":\"alpha\"}}");
    KeyMetadata tagged =
        alice.createKey(CreateKeyRequest.builder().tag("Project", "alpha").build());
    assertThat(kms.listResourceTags(tagged.keyId())).containsExactly(Map.entry("Project", "alpha"));
    assertThatThrownBy(
            () -> alice.createKey(CreateKeyRequest.builder().tag("Project", "beta").build()))
        .isInstanceOf(AccessDeniedException.class);
  }
}
