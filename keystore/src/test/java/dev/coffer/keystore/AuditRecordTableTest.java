package dev.coffer.keystore;

import static dev.coffer.keystore.KeystoreFixture.ADMIN;
import static dev.coffer.keystore.KeystoreFixture.ALICE;
import static dev.coffer.keystore.KeystoreFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every keystore operation leaves exactly the record documented in the {@code
 * dev.coffer.keystore.audit} package: event name, read-only flag, request parameters, resources,
 * response elements (key and version), encryption context, outcome, error code and the access
 * explanation, chained to the record before. Each operation is first attempted by a stranger
 * (denied, and recorded as such), then done by the administrator.
 */
class AuditRecordTableTest {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("case", "table");

  @TempDir Path dir;
  KeystoreFixture fx;
  KeyService admin;
  AuditLog log;
  String keyId;
  String keyArn;
  Ciphertext ciphertext;
  CreatedGrant grant;

  /** What one operation records. */
  record Row(
      String event,
      boolean readOnly,
      Set<String> parameters,
      Resource resource,
      int version,
      boolean context,
      boolean deniedToStrangers,
      Consumer<KeyService> call) {}

  /** Which resources a record names. */
  enum Resource {
    NONE,
    KEY,
    NEW_KEY
  }

  @BeforeEach
  void open() {
    AuditLogConfig config = AuditLogConfig.builder(dir.resolve("audit")).build();
    fx = new KeystoreFixture(dir.resolve("keystore"), b -> b.auditLog(config));
    admin = fx.admin();
    log = fx.keystore().auditLog().orElseThrow();
    KeyMetadata key = fx.newKey();
    keyId = key.keyId();
    keyArn = key.arn();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private static Row row(
      String event,
      boolean readOnly,
      Set<String> parameters,
      Resource resource,
      Consumer<KeyService> call) {
    return new Row(event, readOnly, parameters, resource, 0, false, true, call);
  }

  private static Row crypto(
      String event, Set<String> parameters, int version, Consumer<KeyService> call) {
    return new Row(event, true, parameters, Resource.KEY, version, true, true, call);
  }

  private List<Row> table() {
    String policy = admin.getKeyPolicy(keyId);
    String identityPolicy =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Describe*\","
            + "\"Resource\":\"*\"}}";
    Set<String> none = Set.of();
    Set<String> keyIdOnly = Set.of("keyId");
    return List.of(
        new Row(
            "CreateKey",
            false,
            Set.of("description"),
            Resource.NEW_KEY,
            1,
            false,
            true,
            k -> k.createKey(CreateKeyRequest.defaults())),
        row("DescribeKey", true, keyIdOnly, Resource.KEY, k -> k.describeKey(keyId)),
        row("ListKeys", true, none, Resource.NONE, KeyService::listKeys),
        row(
            "UpdateKeyDescription",
            false,
            Set.of("keyId", "description"),
            Resource.KEY,
            k -> k.updateKeyDescription(keyId, "new")),
        row("DisableKey", false, keyIdOnly, Resource.KEY, k -> k.disableKey(keyId)),
        row("EnableKey", false, keyIdOnly, Resource.KEY, k -> k.enableKey(keyId)),
        row(
            "CreateAlias",
            false,
            Set.of("aliasName", "targetKeyId"),
            Resource.KEY,
            k -> k.createAlias("alias/table", keyId)),
        row(
            "UpdateAlias",
            false,
            Set.of("aliasName", "targetKeyId"),
            Resource.KEY,
            k -> k.updateAlias("alias/table", keyId)),
        new Row(
            "CreateKey",
            false,
            Set.of("description", "tags"),
            Resource.NEW_KEY,
            1,
            false,
            true,
            k -> k.createKey(CreateKeyRequest.builder().tag("team", "web").build())),
        row(
            "TagResource",
            false,
            Set.of("keyId", "tags"),
            Resource.KEY,
            k -> k.tagResource(TagResourceRequest.of(keyId, Map.of("team", "web")))),
        row("ListResourceTags", true, keyIdOnly, Resource.KEY, k -> k.listResourceTags(keyId)),
        row(
            "UntagResource",
            false,
            Set.of("keyId", "tagKeys"),
            Resource.KEY,
            k -> k.untagResource(UntagResourceRequest.of(keyId, List.of("team")))),
        row("ListAliases", true, none, Resource.NONE, KeyService::listAliases),
        row("ListAliases", true, keyIdOnly, Resource.KEY, k -> k.listAliases(keyId)),
        row(
            "DeleteAlias",
            false,
            Set.of("aliasName"),
            Resource.KEY,
            k -> k.deleteAlias("alias/table")),
        row(
            "GetKeyPolicy",
            true,
            Set.of("keyId", "policyName"),
            Resource.KEY,
            k -> k.getKeyPolicy(keyId)),
        row("ListKeyPolicies", true, keyIdOnly, Resource.KEY, k -> k.listKeyPolicies(keyId)),
        row(
            "PutKeyPolicy",
            false,
            Set.of("keyId", "policyName", "bypassPolicyLockoutSafetyCheck"),
            Resource.KEY,
            k -> k.putKeyPolicy(keyId, policy, false)),
        row(
            "CreateGrant",
            false,
            Set.of("keyId", "granteePrincipal", "operations", "retiringPrincipal", "grantId"),
            Resource.KEY,
            k -> grant = k.createGrant(grantRequest())),
        row("ListGrants", true, keyIdOnly, Resource.KEY, k -> k.listGrants(keyId)),
        row(
            "ListRetirableGrants",
            true,
            Set.of("retiringPrincipal"),
            Resource.NONE,
            k -> k.listRetirableGrants(ALICE)),
        row(
            "RetireGrant",
            false,
            Set.of("keyId", "grantId"),
            Resource.KEY,
            k -> k.retireGrant(keyId, grant.grantId())),
        row(
            "CreateGrant",
            false,
            Set.of("keyId", "granteePrincipal", "operations", "retiringPrincipal", "grantId"),
            Resource.KEY,
            k -> grant = k.createGrant(grantRequest())),
        row(
            "RevokeGrant",
            false,
            Set.of("keyId", "grantId"),
            Resource.KEY,
            k -> k.revokeGrant(keyId, grant.grantId())),
        row(
            "CreateGrant",
            false,
            Set.of("keyId", "granteePrincipal", "operations", "retiringPrincipal", "grantId"),
            Resource.KEY,
            k -> grant = k.createGrant(grantRequest())),
        row(
            "RetireGrant",
            false,
            Set.of("grantId"),
            Resource.KEY,
            k -> k.retireGrant(grant.grantToken())),
        row(
            "PutPrincipalPolicy",
            false,
            Set.of("principal", "policyName"),
            Resource.NONE,
            k -> k.putPrincipalPolicy(ALICE, "describe", identityPolicy)),
        row(
            "GetPrincipalPolicy",
            true,
            Set.of("principal", "policyName"),
            Resource.NONE,
            k -> k.getPrincipalPolicy(ALICE, "describe")),
        row(
            "ListPrincipalPolicies",
            true,
            Set.of("principal"),
            Resource.NONE,
            k -> k.listPrincipalPolicies(ALICE)),
        row(
            "DeletePrincipalPolicy",
            false,
            Set.of("principal", "policyName"),
            Resource.NONE,
            k -> k.deletePrincipalPolicy(ALICE, "describe")),
        row(
            "EnableKeyRotation",
            false,
            Set.of("keyId", "rotationPeriodInDays"),
            Resource.KEY,
            k -> k.enableKeyRotation(keyId, 365)),
        row(
            "GetKeyRotationStatus",
            true,
            keyIdOnly,
            Resource.KEY,
            k -> k.getKeyRotationStatus(keyId)),
        row("DisableKeyRotation", false, keyIdOnly, Resource.KEY, k -> k.disableKeyRotation(keyId)),
        new Row(
            "RotateKeyOnDemand",
            false,
            keyIdOnly,
            Resource.KEY,
            2,
            false,
            true,
            k -> k.rotateKeyOnDemand(keyId)),
        row("ListKeyRotations", true, keyIdOnly, Resource.KEY, k -> k.listKeyRotations(keyId)),
        crypto(
            "GenerateDataKey",
            Set.of("keyId", "numberOfBytes"),
            2,
            k -> k.generateDataKey(GenerateDataKeyRequest.of(keyId, CONTEXT)).close()),
        crypto(
            "GenerateDataKeyWithoutPlaintext",
            Set.of("keyId", "numberOfBytes"),
            2,
            k -> k.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(keyId, CONTEXT))),
        crypto(
            "Encrypt",
            keyIdOnly,
            2,
            k -> ciphertext = k.encrypt(EncryptRequest.of(keyId, new byte[] {1}, CONTEXT))),
        crypto("Decrypt", none, 2, k -> k.decrypt(DecryptRequest.of(ciphertext, CONTEXT)).close()),
        crypto(
            "ReEncrypt",
            Set.of("destinationKeyId", "sourceKeyArn", "sourceKeyVersion"),
            2,
            k ->
                k.reEncrypt(
                    ReEncryptRequest.builder()
                        .ciphertextBlob(ciphertext.blob())
                        .sourceEncryptionContext(CONTEXT)
                        .destinationKeyId(keyId)
                        .destinationEncryptionContext(CONTEXT)
                        .build())),
        new Row(
            "UpdateMinDecryptionVersion",
            false,
            Set.of("keyId", "minDecryptionVersion"),
            Resource.KEY,
            0,
            false,
            true,
            k -> k.updateMinDecryptionVersion(keyId, 2)),
        new Row(
            "DestroyKeyVersion",
            false,
            keyIdOnly,
            Resource.KEY,
            1,
            false,
            true,
            k -> k.destroyKeyVersion(keyId, 1)),
        row(
            "ScheduleKeyDeletion",
            false,
            Set.of("keyId", "pendingWindowInDays"),
            Resource.KEY,
            k -> k.scheduleKeyDeletion(keyId, 7)),
        row("CancelKeyDeletion", false, keyIdOnly, Resource.KEY, k -> k.cancelKeyDeletion(keyId)));
  }

  private CreateGrantRequest grantRequest() {
    return CreateGrantRequest.builder()
        .keyId(keyId)
        .grantee(ALICE)
        .operation(GrantOperation.DECRYPT)
        .retiringPrincipal(ALICE)
        .build();
  }

  private AuditRecord last() {
    return log.query(AuditQuery.builder().newestFirst().limit(1).build()).records().get(0);
  }

  @Test
  void everyOperation_allowedOrDenied_leavesExactlyItsDocumentedRecord() {
    List<String> checked = new ArrayList<>();
    for (Row row : table()) {
      if (row.deniedToStrangers()) {
        AuditRecord before = last();
        long generation = fx.keystore().generation();
        assertThatThrownBy(() -> row.call().accept(fx.as(BOB)))
            .as("%s by a stranger", row.event())
            .isInstanceOf(AccessDeniedException.class);
        AuditRecord denied = last();
        assertThat(fx.keystore().generation()).as(row.event()).isEqualTo(generation);
        assertRecord(row, before, denied, BOB, AuditOutcome.DENIED);
      }
      AuditRecord before = last();
      row.call().accept(admin);
      assertRecord(row, before, last(), ADMIN, AuditOutcome.ALLOWED);
      checked.add(row.event());
    }
    assertThat(checked)
        .as("every operation of KeyService is in the table")
        .containsAll(
            List.of(
                "CreateKey",
                "DescribeKey",
                "ListKeys",
                "UpdateKeyDescription",
                "EnableKey",
                "DisableKey",
                "ScheduleKeyDeletion",
                "CancelKeyDeletion",
                "GetKeyPolicy",
                "ListKeyPolicies",
                "PutKeyPolicy",
                "CreateGrant",
                "ListGrants",
                "ListRetirableGrants",
                "RetireGrant",
                "RevokeGrant",
                "PutPrincipalPolicy",
                "GetPrincipalPolicy",
                "ListPrincipalPolicies",
                "DeletePrincipalPolicy",
                "CreateAlias",
                "UpdateAlias",
                "DeleteAlias",
                "ListAliases",
                "TagResource",
                "UntagResource",
                "ListResourceTags",
                "RotateKeyOnDemand",
                "EnableKeyRotation",
                "DisableKeyRotation",
                "GetKeyRotationStatus",
                "ListKeyRotations",
                "UpdateMinDecryptionVersion",
                "DestroyKeyVersion",
                "GenerateDataKey",
                "GenerateDataKeyWithoutPlaintext",
                "Encrypt",
                "Decrypt",
                "ReEncrypt"));
    assertThat(log.verify().intact()).isTrue();
  }

  private void assertRecord(
      Row row, AuditRecord before, AuditRecord r, Principal principal, AuditOutcome outcome) {
    String what = row.event() + " " + outcome;
    assertThat(r.sequence()).as(what + ": exactly one record").isIn(before.sequence() + 1);
    assertThat(r.previousHash()).as(what + ": chained").isEqualTo(before.hash());
    assertThat(r.eventName()).as(what).isEqualTo(row.event());
    assertThat(r.eventSource()).as(what).isEqualTo("keystore");
    assertThat(r.eventVersion()).isEqualTo(1);
    assertThat(r.eventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-.{12}");
    assertThat(r.principal()).as(what).isEqualTo(principal.name());
    assertThat(r.readOnly()).as(what).isEqualTo(row.readOnly());
    assertThat(r.outcome()).as(what).isEqualTo(outcome);
    assertThat(r.accessExplanation()).as(what).isPresent();
    assertThat(r.eventTime()).isEqualTo(fx.clock.instant());
    Set<String> parameters = new java.util.HashSet<>(row.parameters());
    if (outcome == AuditOutcome.DENIED) {
      // A denied call stops before it learns what it would have produced: the id of the grant it
      // would create, the source key a ReEncrypt would decrypt with.
      if (row.event().equals("CreateGrant")) {
        parameters.remove("grantId");
      }
      parameters.remove("sourceKeyArn");
      parameters.remove("sourceKeyVersion");
    }
    assertThat(r.requestParameters().keySet()).as(what).isEqualTo(parameters);
    if (outcome == AuditOutcome.ALLOWED) {
      assertThat(r.errorCode()).as(what).isEmpty();
      assertThat(r.errorMessage()).as(what).isEmpty();
    } else {
      assertThat(r.errorCode()).as(what).contains(ErrorCode.ACCESS_DENIED.name());
      assertThat(r.errorMessage()).as(what).isPresent();
    }
    switch (row.resource()) {
      case NONE -> {
        assertThat(r.resources()).as(what).isEmpty();
        assertThat(r.keyArn()).as(what).isEmpty();
      }
      case KEY -> {
        assertThat(r.resources()).as(what).containsExactly(keyArn);
        assertThat(r.keyArn()).as(what).contains(keyArn);
      }
      case NEW_KEY -> {
        if (outcome == AuditOutcome.ALLOWED) {
          assertThat(r.resources()).as(what).hasSize(1);
          assertThat(r.keyArn()).as(what).contains(r.resources().get(0));
          assertThat(r.keyArn().orElseThrow()).isNotEqualTo(keyArn);
        } else {
          assertThat(r.resources()).as(what).isEmpty();
        }
      }
    }
    if (row.version() > 0 && outcome == AuditOutcome.ALLOWED) {
      assertThat(r.keyVersion()).as(what).hasValue(row.version());
    }
    if (row.context()) {
      assertThat(r.encryptionContext()).as(what).isEqualTo(CONTEXT.asMap());
    } else {
      assertThat(r.encryptionContext()).as(what).isEmpty();
    }
    if (row.event().equals("ReEncrypt")) {
      assertThat(r.sourceEncryptionContext()).as(what).isEqualTo(CONTEXT.asMap());
    }
    assertThat(r.toJson()).as(what).contains("\"eventName\":\"" + row.event() + "\"");
  }

  @Test
  void theKeystoresOwnEvents_areRecordedAsTheKeystore() {
    admin.enableKeyRotation(keyId, 90);
    fx.clock.advance(java.time.Duration.ofDays(91));
    admin.describeKey(keyId);
    List<AuditRecord> rotations =
        log.query(AuditQuery.builder().eventName("RotateKey").build()).records();
    assertThat(rotations).hasSize(1);
    AuditRecord r = rotations.get(0);
    assertThat(r.principal()).isEqualTo("coffer:keystore");
    assertThat(r.requestParameters()).containsKeys("reason", "newVersion");
    assertThat(r.resources()).containsExactly(keyArn);
    assertThat(r.readOnly()).isFalse();
    admin.scheduleKeyDeletion(keyId, 7);
    fx.clock.advance(java.time.Duration.ofDays(8));
    fx.reopen();
    log = fx.keystore().auditLog().orElseThrow();
    AuditRecord deleted =
        log.query(AuditQuery.builder().eventName("DeleteKey").build()).records().get(0);
    assertThat(deleted.principal()).isEqualTo("coffer:keystore");
    assertThat(deleted.requestParameters())
        .containsEntry("reason", "pending deletion window ended");
    assertThat(Map.of()).isEmpty();
  }
}
