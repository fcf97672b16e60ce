package dev.coffer.engine.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view or scan still open when the store closes (a sidecar stream finishing late) must not reach
 * freed native handles: closing it afterwards does nothing, and reads fail with a typed error.
 */
class EngineDbCloseTest {
  @TempDir Path dir;

  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  @Test
  void viewsAndScansOpenAtClose_closeQuietly_andReadsAfterCloseFailTyped() {
    EngineDb db = EngineDb.open(dir, false);
    try (EngineDb.Batch batch = db.batch()) {
      batch.put(EngineDb.Family.META, KEY, new byte[] {1});
      batch.commit();
    }
    EngineDb.ReadView view = db.snapshot();
    EngineDb.Scan scan = db.scan(EngineDb.Family.META, new byte[0], null);
    assertThat(scan.next()).isTrue();
    db.close();

    view.close();
    scan.close();
    db.close();
    assertThatThrownBy(() -> view.get(EngineDb.Family.META, KEY))
        .isInstanceOfSatisfying(
            KeystoreUnavailableException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_FAILURE))
        .hasMessageContaining("closed");
    assertThatThrownBy(scan::next).isInstanceOf(KeystoreUnavailableException.class);
    assertThatThrownBy(() -> db.get(EngineDb.Family.META, KEY))
        .isInstanceOf(KeystoreUnavailableException.class);
  }
}
