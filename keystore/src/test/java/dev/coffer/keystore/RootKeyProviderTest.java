package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.testing.InMemoryKmsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyProviderTest {
  private static final int FAST_ITERATIONS = 10_000;

  @TempDir Path dir;

  private static ErrorCode codeOf(Throwable e) {
    return ((CofferException) e).errorCode();
  }

  /** Creates a key with the provider, then proves a reopen with the same provider reads it. */
  private String roundTrip(RootKeyProvider create, RootKeyProvider reopen) {
    String keyId;
    try (Keystore ks = Keystore.builder(dir).rootKey(create).open()) {
      keyId = ks.as(KeystoreFixture.ADMIN).createKey(CreateKeyRequest.defaults()).keyId();
    }
    try (Keystore ks = Keystore.builder(dir).rootKey(reopen).createIfMissing(false).open()) {
      assertThat(ks.as(KeystoreFixture.ADMIN).describeKey(keyId).enabled()).isTrue();
    }
    return keyId;
  }

  @Test
  void keyFile_isCreatedOwnerOnly_andRoundTrips() throws Exception {
    roundTrip(
        RootKeyProvider.keyFile(dir.resolve("root.key")),
        RootKeyProvider.keyFile(dir.resolve("root.key")));
    assertThat(Files.size(dir.resolve("root.key"))).isEqualTo(32);
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void keyFile_creationCutShortEarlier_leavesNoKeyFile_andTheNextOpenCreatesOne() throws Exception {
    // What a crash or an interrupt in the middle of writing the key leaves: a short sibling.
    Path key = dir.resolve("root.key");
    Files.write(dir.resolve("root.key.tmp"), new byte[7]);
    roundTrip(RootKeyProvider.keyFile(key), RootKeyProvider.keyFile(key));
    assertThat(Files.size(key)).isEqualTo(32);
    assertThat(dir.resolve("root.key.tmp")).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void keyFile_createdOnAnInterruptedThread_isWhole() {
    Thread.currentThread().interrupt();
    try {
      Keystore.builder(dir).open().close();
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(dir.resolve("root.key")).hasSize(32);
    Keystore.builder(dir).createIfMissing(false).open().close();
  }

  @Test
  void keyFile_isTheDefault_insideTheKeystoreDirectory() {
    Keystore.builder(dir).open().close();
    assertThat(dir.resolve("root.key")).exists();
  }

  @Test
  void keyFile_readableByOthers_isRefused() throws Exception {
    Keystore.builder(dir).open().close();
    Files.setPosixFilePermissions(
        dir.resolve("root.key"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> Keystore.builder(dir).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void keyFile_ofAnotherKeystore_isReportedAsTheWrongKey_notCorruption() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    Keystore.builder(dir.resolve("a")).open().close();
    Keystore.builder(other).open().close();
    assertThatThrownBy(
            () ->
                Keystore.builder(dir.resolve("a"))
                    .rootKey(RootKeyProvider.keyFile(other.resolve("root.key")))
                    .open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.WRONG_ROOT_KEY))
        .hasMessageContaining("does not open this keystore");
  }

  @Test
  void passphrase_roundTrips() {
    roundTrip(
        RootKeyProvider.passphrase("correct horse".toCharArray(), FAST_ITERATIONS),
        RootKeyProvider.passphrase("correct horse".toCharArray()));
    assertThat(dir.resolve("root.key")).doesNotExist();
  }

  @Test
  void wrongPassphrase_givesAClearError() {
    Keystore.builder(dir)
        .rootKey(RootKeyProvider.passphrase("right".toCharArray(), FAST_ITERATIONS))
        .open()
        .close();
    assertThatThrownBy(
            () ->
                Keystore.builder(dir)
                    .rootKey(RootKeyProvider.passphrase("wrong".toCharArray(), FAST_ITERATIONS))
                    .open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.WRONG_ROOT_KEY))
        .hasMessage(
            "the passphrase (PBKDF2WithHmacSHA256, 10000 iterations) does not open this keystore")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void passphrase_parametersAreValidated() {
    assertThatThrownBy(() -> RootKeyProvider.passphrase(new char[0]))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> RootKeyProvider.passphrase("p".toCharArray(), 100))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void openingWithAnotherKindOfProvider_saysWhichIsNeeded() {
    Keystore.builder(dir)
        .rootKey(RootKeyProvider.passphrase("pw".toCharArray(), FAST_ITERATIONS))
        .open()
        .close();
    assertThatThrownBy(() -> Keystore.builder(dir).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("sealed with a passphrase, not a key file");
  }

  @Test
  void kms_roundTrips_andAnotherKmsKeyCannotOpen() throws Exception {
    InMemoryKmsClient kms = new InMemoryKmsClient();
    String uri = kms.createKey("root");
    String other = kms.createKey("other");
    roundTrip(RootKeyProvider.kms(kms, uri), RootKeyProvider.kms(kms, uri));
    assertThatThrownBy(() -> Keystore.builder(dir).rootKey(RootKeyProvider.kms(kms, other)).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.WRONG_ROOT_KEY))
        .hasMessageContaining(uri);
  }

  @Test
  void kms_whoseKeyIsGone_cannotOpen() throws Exception {
    InMemoryKmsClient kms = new InMemoryKmsClient();
    String uri = kms.createKey("root");
    Keystore.builder(dir).rootKey(RootKeyProvider.kms(kms, uri)).open().close();
    InMemoryKmsClient emptied = new InMemoryKmsClient();
    assertThatThrownBy(
            () -> Keystore.builder(dir).rootKey(RootKeyProvider.kms(emptied, uri)).open())
        .isInstanceOf(KeystoreUnavailableException.class)
        .hasMessageContaining("could not unwrap");
  }

  @Test
  void kms_withUnsupportedUri_isRejectedUpFront() {
    assertThatThrownBy(() -> RootKeyProvider.kms(new InMemoryKmsClient(), "aws-kms://arn"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void providerDescriptions_holdNoSecret() {
    assertThat(RootKeyProvider.passphrase("hunter2".toCharArray(), FAST_ITERATIONS).toString())
        .doesNotContain("hunter2");
  }
}
