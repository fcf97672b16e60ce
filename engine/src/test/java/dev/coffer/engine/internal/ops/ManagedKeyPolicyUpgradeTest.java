package dev.coffer.engine.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.policy.KeyPolicies;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store made before managed keys had their policy gives them it, but only where the
 * policy is still the one Coffer gave the key: a policy someone changed stays, and no key the
 * engine may not change stops the store from opening.
 */
class ManagedKeyPolicyUpgradeTest {
  private static final String ACCOUNT = Keystore.DEFAULT_ACCOUNT;
  private static final String VIA = "s3.local.amazonaws.com";

  @TempDir Path dir;
  private Keystore keystore;
  private KeyService engine;
  private String key;

  @BeforeEach
  void setUp() {
    keystore = Keystore.builder(dir).createIfMissing(true).open();
    engine = keystore.as(Caller.of(Principal.accountRoot(ACCOUNT)).via(VIA));
    key = engine.createKey(CreateKeyRequest.defaults()).keyId();
  }

  @AfterEach
  void tearDown() {
    keystore.close();
  }

  private boolean upgrade() {
    return ManagedKeyPolicy.upgrade(
        engine, key, ManagedKeyPolicy.forMetadataKey(ACCOUNT, VIA), ACCOUNT, VIA);
  }

  @Test
  void theDefaultPolicy_isReplaced() {
    assertThat(upgrade()).isTrue();
    assertThat(engine.getKeyPolicy(key)).isEqualTo(ManagedKeyPolicy.forMetadataKey(ACCOUNT, VIA));
    assertThat(upgrade()).as("once").isFalse();
  }

  @Test
  void anEarlierManagedPolicy_isReplaced() {
    engine.putKeyPolicy(key, ManagedKeyPolicy.forDefaultKey(ACCOUNT, VIA), false);
    String version1 =
        engine.getKeyPolicy(key).replace("coffer-managed-key-2", "coffer-managed-key-1");
    engine.putKeyPolicy(key, version1, false);

    assertThat(upgrade()).isTrue();
    assertThat(engine.getKeyPolicy(key)).isEqualTo(ManagedKeyPolicy.forMetadataKey(ACCOUNT, VIA));
  }

  @Test
  void aPolicySomeoneChanged_isLeftAsItIs() {
    String custom =
        KeyPolicies.defaultFor(ACCOUNT)
            .replace("\"Id\": \"key-default-1\"", "\"Id\": \"with-app-access\"");
    engine.putKeyPolicy(key, custom, false);

    assertThat(upgrade()).isFalse();
    assertThat(engine.getKeyPolicy(key)).isEqualTo(custom);
  }

  @Test
  void aKeyTheEngineMayNotChange_isLeftAsItIs_withoutFailing() {
    String locked =
        "{\"Version\": \"2012-10-17\", \"Statement\": ["
            + "{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::"
            + ACCOUNT
            + ":root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"},"
            + "{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"kms:GetKeyPolicy\","
            + " \"Resource\": \"*\"}]}";
    engine.putKeyPolicy(key, locked, true);

    assertThat(upgrade()).isFalse();
  }

  @Test
  void aMissingKey_isPassedOver_withoutFailing() {
    assertThat(
            ManagedKeyPolicy.upgrade(
                engine,
                "alias/nowhere",
                ManagedKeyPolicy.forDefaultKey(ACCOUNT, VIA),
                ACCOUNT,
                VIA))
        .isFalse();
  }
}
