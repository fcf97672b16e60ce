package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AliasTest extends KeystoreTestBase {

  @Test
  void createAlias_pointsAtTheKey_andListsWithItsArn() {
    AliasEntry alias = kms.createAlias("alias/orders", key.keyId());
    assertThat(alias.aliasArn()).isEqualTo("arn:aws:kms:local:000000000000:alias/orders");
    assertThat(alias.targetKeyId()).isEqualTo(key.keyId());
    assertThat(kms.listAliases()).containsExactly(alias);
    assertThat(kms.listAliases(key.arn())).containsExactly(alias);
    assertThat(kms.describeKey("alias/orders").keyId()).isEqualTo(key.keyId());
  }

  @Test
  void createAlias_thatExists_failsWithAlreadyExists() {
    kms.createAlias("alias/a", key.keyId());
    assertThatThrownBy(() -> kms.createAlias("alias/a", fx.newKey().keyId()))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(kms.describeKey("alias/a").keyId()).isEqualTo(key.keyId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "alias/", "alias/has space", "alias/aws/s3", "alias/ü"})
  void createAlias_withInvalidName_isRejected(String name) {
    assertThatThrownBy(() -> kms.createAlias(name, key.keyId()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(kms.listAliases()).isEmpty();
  }

  @Test
  void createAlias_targetingAnAlias_isRejected() {
    kms.createAlias("alias/first", key.keyId());
    assertThatThrownBy(() -> kms.createAlias("alias/second", "alias/first"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not another alias");
  }

  @Test
  void createAlias_toAKeyPendingDeletion_isRefused() {
    kms.scheduleKeyDeletion(key.keyId(), 7);
    assertThatThrownBy(() -> kms.createAlias("alias/x", key.keyId()))
        .isInstanceOf(InvalidStateException.class);
  }

  @Test
  void updateAlias_repointsIt() {
    KeyMetadata other = fx.newKey();
    kms.createAlias("alias/current", key.keyId());
    AliasEntry moved = kms.updateAlias("alias/current", other.arn());
    assertThat(moved.targetKeyId()).isEqualTo(other.keyId());
    assertThat(kms.describeKey("alias/current").keyId()).isEqualTo(other.keyId());
    assertThat(kms.listAliases(key.keyId())).isEmpty();
  }

  @Test
  void updateOrDeleteAlias_thatDoesNotExist_isNotFound() {
    assertThatThrownBy(() -> kms.updateAlias("alias/none", key.keyId()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kms.deleteAlias("alias/none")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteAlias_byNameOrArn_removesItButNotTheKey() {
    kms.createAlias("alias/gone", key.keyId());
    kms.deleteAlias("arn:aws:kms:local:000000000000:alias/gone");
    assertThat(kms.listAliases()).isEmpty();
    assertThat(kms.describeKey(key.keyId()).keyState()).isEqualTo(KeyState.ENABLED);
    assertThatThrownBy(() -> kms.describeKey("alias/gone")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aliases_surviveRestart() {
    kms.createAlias("alias/kept", key.keyId());
    fx.reopen();
    assertThat(fx.admin().describeKey("alias/kept").keyId()).isEqualTo(key.keyId());
  }

  @Test
  void aliasOperations_needPermissionOnTheKey() {
    fx.allow(KeystoreFixture.ALICE, "kms:*", key.arn());
    assertThatThrownBy(() -> fx.as(KeystoreFixture.BOB).createAlias("alias/steal", key.keyId()))
        .isInstanceOf(AccessDeniedException.class);
    fx.as(KeystoreFixture.ALICE).createAlias("alias/alice", key.keyId());
    assertThatThrownBy(() -> fx.as(KeystoreFixture.BOB).deleteAlias("alias/alice"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(kms.describeKey("alias/alice").keyId()).isEqualTo(key.keyId());
  }
}
