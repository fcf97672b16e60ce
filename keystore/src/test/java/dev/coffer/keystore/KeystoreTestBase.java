package dev.coffer.keystore;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh keystore per test with one enabled key, used as the administrator. */
abstract class KeystoreTestBase {
  @TempDir Path dir;
  KeystoreFixture fx;
  KeyService kms;
  KeyMetadata key;

  @BeforeEach
  void openKeystoreWithOneKey() {
    fx = new KeystoreFixture(dir);
    kms = fx.admin();
    key = fx.newKey();
  }

  @AfterEach
  void closeKeystore() {
    fx.close();
  }
}
