package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RotationTest extends KeystoreTestBase {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("app", "billing");

  private Ciphertext encrypt(byte b) {
    return kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {b}, CONTEXT));
  }

  private byte decryptByte(Ciphertext ct) {
    try (Decrypted d = kms.decrypt(DecryptRequest.of(ct, CONTEXT))) {
      return d.plaintext().toByteArray(InsecureSecretAccess.get())[0];
    }
  }

  @Test
  void rotateOnDemand_makesANewPrimary_andOldVersionsKeepDecrypting() {
    Ciphertext v1 = encrypt((byte) 1);
    KeyVersionInfo v2info = kms.rotateKeyOnDemand(key.keyId());
    assertThat(v2info.version()).isEqualTo(2);
    assertThat(v2info.origin()).isEqualTo(VersionOrigin.ON_DEMAND);
    Ciphertext v2 = encrypt((byte) 2);
    assertThat(v2.keyVersion()).isEqualTo(2);
    assertThat(decryptByte(v1)).isEqualTo((byte) 1);
    assertThat(decryptByte(v2)).isEqualTo((byte) 2);
    assertThat(kms.describeKey(key.keyId()).primaryVersion()).isEqualTo(2);
    assertThat(kms.listKeyRotations(key.keyId()))
        .extracting(KeyRotation::version, KeyRotation::type)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, VersionOrigin.ON_DEMAND));
  }

  @Test
  void rotateOnDemand_ofDisabledKey_isRefused() {
    kms.disableKey(key.keyId());
    assertThatThrownBy(() -> kms.rotateKeyOnDemand(key.keyId()))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void automaticRotation_happensWhenThePeriodHasPassed_onUse() {
    RotationStatus status = kms.enableKeyRotation(key.keyId(), 90);
    assertThat(status.rotationEnabled()).isTrue();
    assertThat(status.nextRotationDate()).contains(fx.clock.instant().plus(Duration.ofDays(90)));
    fx.clock.advance(Duration.ofDays(90).minusSeconds(1));
    assertThat(encrypt((byte) 1).keyVersion()).isEqualTo(1);
    fx.clock.advance(Duration.ofSeconds(1));
    assertThat(encrypt((byte) 1).keyVersion()).isEqualTo(2);
    RotationStatus after = kms.getKeyRotationStatus(key.keyId());
    assertThat(after.nextRotationDate()).contains(fx.clock.instant().plus(Duration.ofDays(90)));
    assertThat(after.lastRotationDate()).contains(fx.clock.instant());
    assertThat(kms.listKeyRotations(key.keyId()))
        .singleElement()
        .extracting(KeyRotation::type)
        .isEqualTo(VersionOrigin.AUTOMATIC);
    assertThat(fx.audit.events())
        .anySatisfy(
            e -> {
              assertThat(e.eventName()).isEqualTo("RotateKey");
              assertThat(e.requestParameters().get("reason")).contains("90 days");
            });
  }

  @Test
  void automaticRotation_dueWhileClosed_happensAtOpen() {
    kms.enableKeyRotation(key.keyId(), 365);
    fx.keystore().close();
    fx.clock.advance(Duration.ofDays(400));
    fx.reopen();
    assertThat(fx.admin().describeKey(key.keyId()).primaryVersion()).isEqualTo(2);
  }

  @Test
  void automaticRotation_skipsDisabledKeys_untilEnabledAgain() {
    kms.enableKeyRotation(key.keyId(), 90);
    kms.disableKey(key.keyId());
    fx.clock.advance(Duration.ofDays(100));
    assertThat(kms.describeKey(key.keyId()).primaryVersion()).isEqualTo(1);
    kms.enableKey(key.keyId());
    assertThat(kms.describeKey(key.keyId()).primaryVersion()).isEqualTo(2);
  }

  @Test
  void enableKeyRotation_outsideTheAllowedPeriod_isRejected() {
    for (int days : new int[] {0, 89, 2561}) {
      assertThatThrownBy(() -> kms.enableKeyRotation(key.keyId(), days))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("90 to 2560");
    }
    assertThat(kms.enableKeyRotation(key.keyId(), 2560).rotationPeriodInDays()).contains(2560);
  }

  @Test
  void disableKeyRotation_stopsTheSchedule() {
    kms.enableKeyRotation(key.keyId(), 90);
    RotationStatus off = kms.disableKeyRotation(key.keyId());
    assertThat(off.rotationEnabled()).isFalse();
    assertThat(off.nextRotationDate()).isEmpty();
    fx.clock.advance(Duration.ofDays(365));
    assertThat(encrypt((byte) 1).keyVersion()).isEqualTo(1);
  }

  @Test
  void onDemandRotation_doesNotMoveTheAutomaticSchedule() {
    RotationStatus before = kms.enableKeyRotation(key.keyId(), 90);
    fx.clock.advance(Duration.ofDays(10));
    kms.rotateKeyOnDemand(key.keyId());
    assertThat(kms.getKeyRotationStatus(key.keyId()).nextRotationDate())
        .isEqualTo(before.nextRotationDate());
  }

  @Test
  void usageThreshold_rotatesTheKeyOnce_andSaysWhy() {
    fx.close();
    try (KeystoreFixture limited =
        new KeystoreFixture(dir.resolve("limited"), b -> b.usageRotationThreshold(5))) {
      KeyService k = limited.admin();
      KeyMetadata lk = limited.newKey();
      for (int i = 0; i < 4; i++) {
        assertThat(k.encrypt(EncryptRequest.of(lk.keyId(), new byte[] {1}, CONTEXT)).keyVersion())
            .isEqualTo(1);
      }
      assertThat(k.encrypt(EncryptRequest.of(lk.keyId(), new byte[] {1}, CONTEXT)).keyVersion())
          .as("the fifth encryption still uses v1, then the key rotates")
          .isEqualTo(1);
      assertThat(k.encrypt(EncryptRequest.of(lk.keyId(), new byte[] {1}, CONTEXT)).keyVersion())
          .isEqualTo(2);
      KeyMetadata described = k.describeKey(lk.keyId());
      assertThat(described.versions()).hasSize(2);
      assertThat(described.version(1).orElseThrow().encryptions()).isEqualTo(5);
      assertThat(described.version(2).orElseThrow().origin()).isEqualTo(VersionOrigin.USAGE_LIMIT);
      assertThat(limited.audit.events())
          .anySatisfy(
              e ->
                  assertThat(e.requestParameters().get("reason")).contains("usage threshold of 5"));
    }
    fx = new KeystoreFixture(dir);
  }

  @Test
  void usageCounts_surviveRestart_andNeverUndercount() {
    fx.close();
    Path d = dir.resolve("counted");
    try (KeystoreFixture counted = new KeystoreFixture(d, b -> b.usageReservationBlock(10))) {
      KeyMetadata ck = counted.newKey();
      for (int i = 0; i < 13; i++) {
        counted.admin().encrypt(EncryptRequest.of(ck.keyId(), new byte[] {1}, CONTEXT));
      }
      assertThat(counted.admin().describeKey(ck.keyId()).version(1).orElseThrow().encryptions())
          .isEqualTo(13);
      counted.reopen();
      long afterRestart =
          counted.admin().describeKey(ck.keyId()).version(1).orElseThrow().encryptions();
      assertThat(afterRestart).as("a restart burns the rest of the block").isEqualTo(20);
      counted.admin().encrypt(EncryptRequest.of(ck.keyId(), new byte[] {1}, CONTEXT));
      assertThat(counted.admin().describeKey(ck.keyId()).version(1).orElseThrow().encryptions())
          .isEqualTo(21);
    }
    fx = new KeystoreFixture(dir);
  }

  @Test
  void minDecryptionVersion_retiresOlderVersions_andCanBeLoweredAgain() {
    Ciphertext v1 = encrypt((byte) 1);
    kms.rotateKeyOnDemand(key.keyId());
    Ciphertext v2 = encrypt((byte) 2);
    KeyMetadata raised = kms.updateMinDecryptionVersion(key.keyId(), 2);
    assertThat(raised.minDecryptionVersion()).isEqualTo(2);
    assertThat(raised.version(1).orElseThrow().state()).isEqualTo(VersionState.RETIRED);
    assertThatThrownBy(() -> decryptByte(v1))
        .isInstanceOf(KeyUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((CofferException) e).errorCode())
                    .isEqualTo(ErrorCode.KEY_VERSION_RETIRED))
        .hasMessageContaining("retired");
    assertThat(decryptByte(v2)).isEqualTo((byte) 2);
    kms.updateMinDecryptionVersion(key.keyId(), 1);
    assertThat(decryptByte(v1)).isEqualTo((byte) 1);
  }

  @Test
  void minDecryptionVersion_cannotPassThePrimary() {
    assertThatThrownBy(() -> kms.updateMinDecryptionVersion(key.keyId(), 2))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> kms.updateMinDecryptionVersion(key.keyId(), 0))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void destroyKeyVersion_needsARetiredVersion_andThenIsFinal() throws Exception {
    Ciphertext v1 = encrypt((byte) 1);
    kms.rotateKeyOnDemand(key.keyId());
    assertThatThrownBy(() -> kms.destroyKeyVersion(key.keyId(), 1))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("not retired");
    assertThatThrownBy(() -> kms.destroyKeyVersion(key.keyId(), 2))
        .isInstanceOf(InvalidStateException.class);
    kms.updateMinDecryptionVersion(key.keyId(), 2);
    int keysetSizeBefore = KeystoreInspector.keysetBytes(fx, key.keyId()).length;
    KeyMetadata after = kms.destroyKeyVersion(key.keyId(), 1);
    assertThat(after.version(1).orElseThrow().state()).isEqualTo(VersionState.DESTROYED);
    assertThat(KeystoreInspector.keysetBytes(fx, key.keyId()).length)
        .as("the version's material is gone from the file")
        .isLessThan(keysetSizeBefore);
    assertThatThrownBy(() -> kms.updateMinDecryptionVersion(key.keyId(), 1))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("destroyed");
    assertThatThrownBy(() -> decryptByte(v1))
        .isInstanceOf(KeyUnavailableException.class)
        .satisfies(
            e -> assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.KEY_DESTROYED));
    fx.reopen();
    assertThat(fx.admin().describeKey(key.keyId()).version(1).orElseThrow().state())
        .isEqualTo(VersionState.DESTROYED);
    assertThatThrownBy(() -> fx.admin().destroyKeyVersion(key.keyId(), 9))
        .isInstanceOf(NotFoundException.class);
  }
}
