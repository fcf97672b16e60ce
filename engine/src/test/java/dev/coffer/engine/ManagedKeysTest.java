package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keys Coffer manages cannot be disabled, deleted, re-policied or have their aliases moved by
 * anyone but the engine, as AWS protects aws/s3: disabling the metadata key would fail every head
 * and listing, and deleting it would lose every object's content type and metadata.
 */
class ManagedKeysTest {
  @TempDir Path dir;
  private EngineFixture fx;
  private ObjectStore s3;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    // Without a key of its own the bucket uses the managed default key, created now.
    s3.createBucket(CreateBucketRequest.of("plain"));
    s3.putObject(
        PutObjectRequest.builder("plain", "report.csv").contentType("text/csv").build(),
        new byte[] {1, 2, 3});
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static Map<String, Consumer<KeyService>> changes(String alias, String otherKey) {
    return Map.of(
        "DisableKey", k -> k.disableKey(alias),
        "ScheduleKeyDeletion", k -> k.scheduleKeyDeletion(alias, 7),
        "PutKeyPolicy", k -> k.putKeyPolicy(alias, k.getKeyPolicy(alias), false),
        "UpdateAlias", k -> k.updateAlias(alias, otherKey),
        "DeleteAlias", k -> k.deleteAlias(alias));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/coffer/engine-metadata", "alias/coffer/default"})
  void aManagedKey_refusesEveryChangeThatWouldBreakTheStore_evenToTheAccountRoot(String alias) {
    KeyService root = fx.kms();
    String other = root.createKey(CreateKeyRequest.defaults()).keyId();

    for (Map.Entry<String, Consumer<KeyService>> change : changes(alias, other).entrySet()) {
      assertThatThrownBy(() -> change.getValue().accept(root))
          .as(change.getKey())
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("Managed by Coffer");
    }

    assertThat(root.describeKey(alias).keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(s3.headObject("plain", "report.csv").contentType()).isEqualTo("text/csv");
    assertThat(s3.listObjects(ListObjectsRequest.builder("plain").build()).contents()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alias/coffer/engine-metadata", "alias/coffer/default"})
  void aManagedKey_isStillUsable_andItsRotationManageable(String alias) {
    KeyService root = fx.kms();

    root.enableKeyRotation(alias, 365);
    root.rotateKeyOnDemand(alias);

    assertThat(root.describeKey(alias).keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(s3.headObject("plain", "report.csv").contentType()).isEqualTo("text/csv");
  }

  @Test
  void theMetadataKey_keepsEveryVersion_forTheStoreOpensWithTheOneThatWrappedItsKey() {
    KeyService root = fx.kms();
    String alias = "alias/coffer/engine-metadata";
    root.rotateKeyOnDemand(alias);

    assertThatThrownBy(() -> root.updateMinDecryptionVersion(alias, 2))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Managed by Coffer");
    assertThatThrownBy(() -> root.destroyKeyVersion(alias, 1))
        .isInstanceOf(AccessDeniedException.class);

    assertThat(fx.reopen().as(fx.rootPrincipal()).headObject("plain", "report.csv").contentType())
        .isEqualTo("text/csv");
  }

  @Test
  void theShreddingReport_ofTheMetadataKey_countsEveryObject() {
    s3.putObject(PutObjectRequest.builder("plain", "second").build(), new byte[] {4});

    KeyUsage usage =
        fx.coffer()
            .rotation(Caller.of(fx.rootPrincipal()))
            .keyUsage("alias/coffer/engine-metadata", 5);

    assertThat(usage.objects()).isEqualTo(2);
    assertThat(usage.objectsByBucket()).isEqualTo(Map.of("plain", 2L));
    assertThat(usage.objectNames()).containsExactlyInAnyOrder("plain/report.csv", "plain/second");
  }

  @Test
  void aCustomerKey_keepsTheDefaultPolicy_andCanBeDisabled() {
    KeyService root = fx.kms();
    String key = root.createKey(CreateKeyRequest.defaults()).keyId();

    assertThat(root.getKeyPolicy(key)).doesNotContain("Managed by Coffer");
    assertThat(root.disableKey(key).keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(List.of(root.getKeyPolicy("alias/coffer/default")))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("Managed by Coffer"));
  }
}
