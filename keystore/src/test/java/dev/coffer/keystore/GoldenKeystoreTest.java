package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.testing.GoldenDirectory;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keystores written by format version 1 must open and decrypt forever. */
class GoldenKeystoreTest {
  @TempDir Path dir;

  private Properties copyGolden(String name) throws Exception {
    return GoldenDirectory.copy(name, dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keystore-v1-keyfile", "keystore-v1-passphrase"})
  void goldenKeystore_opensAndDecrypts(String name) throws Exception {
    Properties expected = copyGolden(name);
    Keystore.Builder b =
        Keystore.builder(dir)
            .createIfMissing(false)
            .clock(MutableClock.at(expected.getProperty("clock")));
    if (name.endsWith("passphrase")) {
      b.rootKey(RootKeyProvider.passphrase("golden".toCharArray()));
    }
    byte[] plaintext = HexFormat.of().parseHex(expected.getProperty("plaintextHex"));
    try (Keystore ks = b.open()) {
      assertThat(ks.generation()).isEqualTo(Long.parseLong(expected.getProperty("generation")));
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String mainId = expected.getProperty("mainKeyId");
      KeyMetadata main = kms.describeKey("alias/golden");
      assertThat(main.keyId()).isEqualTo(mainId);
      assertThat(main.description()).isEqualTo("golden main");
      assertThat(main.tags()).containsEntry("format", "v1");
      assertThat(main.primaryVersion()).isEqualTo(2);
      assertThat(main.rotationPeriodInDays()).contains(365);
      for (String blob : new String[] {"blobV1", "blobV2"}) {
        try (Decrypted d =
            kms.decrypt(
                DecryptRequest.of(
                    Base64.getDecoder().decode(expected.getProperty(blob)),
                    GoldenKeystoreWriter.CONTEXT))) {
          assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).isEqualTo(plaintext);
          assertThat(d.keyArn()).endsWith(mainId);
        }
      }
      KeyMetadata retired = kms.describeKey(expected.getProperty("retiredKeyId"));
      assertThat(retired.minDecryptionVersion()).isEqualTo(2);
      assertThat(retired.version(1).orElseThrow().state()).isEqualTo(VersionState.DESTROYED);
      assertThatThrownBy(
              () ->
                  kms.decrypt(
                      DecryptRequest.of(
                          Base64.getDecoder().decode(expected.getProperty("blobDestroyedVersion")),
                          GoldenKeystoreWriter.CONTEXT)))
          .isInstanceOf(KeyUnavailableException.class);
      assertThat(kms.describeKey(expected.getProperty("disabledKeyId")).keyState())
          .isEqualTo(KeyState.DISABLED);
      assertThat(kms.describeKey(expected.getProperty("pendingKeyId")).keyState())
          .isEqualTo(KeyState.PENDING_DELETION);
    }
  }
}
