package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyLifecycleTest {
  private static final EncryptionContext CONTEXT = EncryptionContext.of("k", "v");

  @TempDir Path dir;
  private KeystoreFixture fx;
  private KeyService kms;

  @BeforeEach
  void setUp() {
    fx = new KeystoreFixture(dir);
    kms = fx.admin();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** Puts a fresh key into {@code state} through legal transitions. */
  private KeyMetadata keyIn(KeyState state) {
    KeyMetadata key = fx.newKey();
    switch (state) {
      case ENABLED -> {}
      case DISABLED -> kms.disableKey(key.keyId());
      case PENDING_DELETION -> kms.scheduleKeyDeletion(key.keyId(), 7);
      case DESTROYED -> {
        kms.scheduleKeyDeletion(key.keyId(), 7);
        fx.clock.advance(Duration.ofDays(7));
      }
    }
    assertThat(kms.describeKey(key.keyId()).keyState()).isEqualTo(state);
    return key;
  }

  enum Op {
    ENABLE((k, id) -> k.enableKey(id)),
    DISABLE((k, id) -> k.disableKey(id)),
    SCHEDULE_DELETION((k, id) -> k.scheduleKeyDeletion(id, 7)),
    CANCEL_DELETION((k, id) -> k.cancelKeyDeletion(id));

    final BiFunction<KeyService, String, KeyMetadata> call;

    Op(BiFunction<KeyService, String, KeyMetadata> call) {
      this.call = call;
    }
  }

  /** Every (state, transition) pair and its outcome: the resulting state or the error. */
  static Stream<Arguments> transitions() {
    return Stream.of(
        Arguments.of(KeyState.ENABLED, Op.ENABLE, KeyState.ENABLED, null),
        Arguments.of(KeyState.ENABLED, Op.DISABLE, KeyState.DISABLED, null),
        Arguments.of(KeyState.ENABLED, Op.SCHEDULE_DELETION, KeyState.PENDING_DELETION, null),
        Arguments.of(KeyState.ENABLED, Op.CANCEL_DELETION, null, ErrorCode.INVALID_STATE),
        Arguments.of(KeyState.DISABLED, Op.ENABLE, KeyState.ENABLED, null),
        Arguments.of(KeyState.DISABLED, Op.DISABLE, KeyState.DISABLED, null),
        Arguments.of(KeyState.DISABLED, Op.SCHEDULE_DELETION, KeyState.PENDING_DELETION, null),
        Arguments.of(KeyState.DISABLED, Op.CANCEL_DELETION, null, ErrorCode.INVALID_STATE),
        Arguments.of(KeyState.PENDING_DELETION, Op.ENABLE, null, ErrorCode.INVALID_STATE),
        Arguments.of(KeyState.PENDING_DELETION, Op.DISABLE, null, ErrorCode.INVALID_STATE),
        Arguments.of(
            KeyState.PENDING_DELETION, Op.SCHEDULE_DELETION, null, ErrorCode.INVALID_STATE),
        Arguments.of(KeyState.PENDING_DELETION, Op.CANCEL_DELETION, KeyState.DISABLED, null),
        Arguments.of(KeyState.DESTROYED, Op.ENABLE, null, ErrorCode.KEY_DESTROYED),
        Arguments.of(KeyState.DESTROYED, Op.DISABLE, null, ErrorCode.KEY_DESTROYED),
        Arguments.of(KeyState.DESTROYED, Op.SCHEDULE_DELETION, null, ErrorCode.KEY_DESTROYED),
        Arguments.of(KeyState.DESTROYED, Op.CANCEL_DELETION, null, ErrorCode.KEY_DESTROYED));
  }

  @ParameterizedTest(name = "{0} --{1}--> {2} {3}")
  @MethodSource("transitions")
  void transition_fromEachState_followsTheStateMachine(
      KeyState from, Op op, KeyState expected, ErrorCode error) {
    KeyMetadata key = keyIn(from);
    if (error == null) {
      assertThat(op.call.apply(kms, key.keyId()).keyState()).isEqualTo(expected);
      assertThat(fx.reopen().as(KeystoreFixture.ADMIN).describeKey(key.keyId()).keyState())
          .isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> op.call.apply(kms, key.keyId()))
          .isInstanceOf(CofferException.class)
          .satisfies(e -> assertThat(((CofferException) e).errorCode()).isEqualTo(error))
          .hasMessageContaining(key.arn());
      assertThat(kms.describeKey(key.keyId()).keyState()).isEqualTo(from);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyState.class,
      names = {"DISABLED", "PENDING_DELETION", "DESTROYED"})
  void cryptography_withKeyNotEnabled_failsNamingTheState(KeyState state) {
    KeyMetadata key = fx.newKey();
    Ciphertext earlier = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT));
    KeyMetadata moved = keyInFromExisting(key, state);
    ErrorCode expected =
        switch (state) {
          case DISABLED -> ErrorCode.KEY_DISABLED;
          case PENDING_DELETION -> ErrorCode.KEY_PENDING_DELETION;
          default -> ErrorCode.KEY_DESTROYED;
        };
    List<Runnable> calls =
        List.of(
            () -> kms.generateDataKey(GenerateDataKeyRequest.of(moved.keyId(), CONTEXT)),
            () ->
                kms.generateDataKeyWithoutPlaintext(
                    GenerateDataKeyRequest.of(moved.keyId(), CONTEXT)),
            () -> kms.encrypt(EncryptRequest.of(moved.keyId(), new byte[] {1}, CONTEXT)),
            () -> kms.decrypt(DecryptRequest.of(earlier, CONTEXT)));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(KeyUnavailableException.class)
          .hasMessageContaining(state.awsName())
          .satisfies(e -> assertThat(((CofferException) e).errorCode()).isEqualTo(expected));
    }
  }

  private KeyMetadata keyInFromExisting(KeyMetadata key, KeyState state) {
    switch (state) {
      case DISABLED -> kms.disableKey(key.keyId());
      case PENDING_DELETION -> kms.scheduleKeyDeletion(key.keyId(), 7);
      case DESTROYED -> {
        kms.scheduleKeyDeletion(key.keyId(), 7);
        fx.clock.advance(Duration.ofDays(8));
      }
      default -> {}
    }
    return key;
  }

  @Test
  void scheduleKeyDeletion_outsideSevenToThirtyDays_isRejected() {
    KeyMetadata key = fx.newKey();
    for (int days : new int[] {-1, 0, 6, 31, 365}) {
      assertThatThrownBy(() -> kms.scheduleKeyDeletion(key.keyId(), days))
          .isInstanceOf(InvalidArgumentException.class);
    }
    assertThat(kms.describeKey(key.keyId()).keyState()).isEqualTo(KeyState.ENABLED);
  }

  @Test
  void pendingDeletion_showsTheDateAndWindow() {
    KeyMetadata key = fx.newKey();
    KeyMetadata pending = kms.scheduleKeyDeletion(key.keyId(), 10);
    assertThat(pending.deletionDate()).contains(fx.clock.instant().plus(Duration.ofDays(10)));
    assertThat(pending.pendingDeletionWindowInDays()).contains(10);
  }

  @Test
  void cancelKeyDeletion_leavesTheKeyDisabled_asKms() {
    KeyMetadata key = fx.newKey();
    kms.scheduleKeyDeletion(key.keyId(), 30);
    KeyMetadata cancelled = kms.cancelKeyDeletion(key.keyId());
    assertThat(cancelled.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(cancelled.deletionDate()).isEmpty();
  }

  @Test
  void deletion_justBeforeTheDate_keepsTheKey_andAtTheDate_destroysIt() {
    KeyMetadata key = fx.newKey();
    kms.createAlias("alias/doomed", key.keyId());
    kms.scheduleKeyDeletion(key.keyId(), 7);
    fx.clock.advance(Duration.ofDays(7).minusMillis(1));
    assertThat(kms.describeKey(key.keyId()).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    fx.clock.advance(Duration.ofMillis(1));
    KeyMetadata destroyed = kms.describeKey(key.keyId());
    assertThat(destroyed.keyState()).isEqualTo(KeyState.DESTROYED);
    assertThat(destroyed.destroyedDate()).contains(fx.clock.instant());
    assertThat(destroyed.versions()).allMatch(v -> v.state() == VersionState.DESTROYED);
    assertThat(kms.listAliases()).isEmpty();
  }

  @Test
  void deletion_dueWhileClosed_isAppliedAtOpen_andErasesMaterialFromDisk() throws Exception {
    KeyMetadata key = fx.newKey();
    kms.scheduleKeyDeletion(key.keyId(), 7);
    fx.keystore().close();
    fx.clock.advance(Duration.ofDays(30));
    fx.reopen();
    assertThat(fx.audit.events())
        .anySatisfy(
            e -> {
              assertThat(e.eventName()).isEqualTo("DeleteKey");
              assertThat(e.caller().principal().name()).isEqualTo("coffer:keystore");
            });
    assertThat(fx.admin().describeKey(key.keyId()).keyState()).isEqualTo(KeyState.DESTROYED);
    assertThat(KeystoreInspector.keysetBytes(fx, key.keyId())).isEmpty();
  }

  @Test
  void createKey_recordsDescriptionTagsCreatorAndDates() {
    Instant now = fx.clock.instant();
    fx.allow(KeystoreFixture.ALICE, "kms:CreateKey", "*");
    fx.allow(KeystoreFixture.ALICE, "kms:TagResource", "*");
    KeyMetadata key =
        fx.as(KeystoreFixture.ALICE)
            .createKey(
                CreateKeyRequest.builder().description("payments").tag("team", "core").build());
    assertThat(key.description()).isEqualTo("payments");
    assertThat(key.tags()).containsEntry("team", "core");
    assertThat(key.creator()).isEqualTo(KeystoreFixture.ALICE);
    assertThat(key.creationDate()).isEqualTo(now);
    assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(key.arn()).isEqualTo("arn:aws:kms:local:000000000000:key/" + key.keyId());
    assertThat(key.primaryVersion()).isEqualTo(1);
    assertThat(kms.listKeys()).extracting(KeyListEntry::keyId).containsExactly(key.keyId());
  }

  @Test
  void updateKeyDescription_replacesIt_andIsRefusedWhilePendingDeletion() {
    KeyMetadata key = fx.newKey();
    assertThat(kms.updateKeyDescription(key.keyId(), "invoices").description())
        .isEqualTo("invoices");
    assertThat(fx.reopen().as(KeystoreFixture.ADMIN).describeKey(key.keyId()).description())
        .isEqualTo("invoices");
    KeyService admin = fx.admin();
    assertThatThrownBy(() -> admin.updateKeyDescription(key.keyId(), "x".repeat(8193)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> fx.as(KeystoreFixture.ALICE).updateKeyDescription(key.keyId(), ""))
        .isInstanceOf(AccessDeniedException.class);
    admin.scheduleKeyDeletion(key.keyId(), 7);
    assertThatThrownBy(() -> admin.updateKeyDescription(key.keyId(), "gone"))
        .isInstanceOf(InvalidStateException.class);
    assertThat(admin.describeKey(key.keyId()).description()).isEqualTo("invoices");
  }

  @Test
  void calls_afterClose_failWithKeystoreClosed_withOrWithoutAnAuditLog(@TempDir Path other) {
    KeystoreFixture audited =
        new KeystoreFixture(
            other,
            b ->
                b.auditLog(
                    dev.coffer.keystore.audit.AuditLogConfig.builder(other.resolve("audit"))
                        .build()));
    for (KeystoreFixture f : List.of(fx, audited)) {
      KeyMetadata key = f.newKey();
      KeyService admin = f.admin();
      f.close();
      assertThatThrownBy(() -> admin.listKeys())
          .isInstanceOf(KeystoreUnavailableException.class)
          .hasMessageContaining("keystore is closed");
      assertThatThrownBy(
              () -> admin.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
          .isInstanceOf(KeystoreUnavailableException.class)
          .hasMessageContaining("keystore is closed");
    }
  }

  @Test
  void createKeyRequest_rejectsBadTags() {
    assertThatThrownBy(() -> CreateKeyRequest.builder().tag("aws:x", "v"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> CreateKeyRequest.builder().tag("", "v"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> CreateKeyRequest.builder().tag("k", "v".repeat(257)))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
