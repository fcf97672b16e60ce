package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.coffer.engine.internal.store.EngineDb;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path tmp;
  private Coffer coffer;

  @BeforeEach
  void init() throws Exception {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.run("key", "create", "--alias", "alias/a").assertOk();
    coffer.run("key", "create", "--alias", "alias/b").assertOk();
    coffer.run("bucket", "create", "docs", "--kms-key", "alias/a", "--bucket-key").assertOk();
    coffer.run("bucket", "create", "logs", "--kms-key", "alias/b").assertOk();
    byte[] big = new byte[(5 << 20) / 2];
    new Random(1).nextBytes(big);
    Files.write(tmp.resolve("big"), big);
    Files.writeString(tmp.resolve("small"), "hello");
    coffer.run("put", "docs/2026/big.bin", tmp.resolve("big").toString()).assertOk();
    coffer.run("put", "docs/2026/a.txt", tmp.resolve("small").toString()).assertOk();
    coffer.run("put", "docs/old/b.txt", tmp.resolve("small").toString()).assertOk();
    coffer.run("put", "logs/c.txt", tmp.resolve("small").toString()).assertOk();
  }

  @Test
  void verify_ofAnIntactStore_readsEveryObject_andExitsZero() {
    Coffer.Result all = coffer.run("verify").assertOk();
    JsonObject prefix = coffer.run("verify", "docs/2026/", "--json").assertOk().json();

    assertThat(all.out()).isEqualTo("Verified 4 objects (2.5 MiB) in 2 buckets: all intact.\n");
    assertThat(prefix.get("objects").getAsLong()).isEqualTo(2);
    assertThat(prefix.get("bytes").getAsLong()).isEqualTo((5 << 20) / 2 + 5);
    assertThat(prefix.getAsJsonArray("failed")).isEmpty();
  }

  @Test
  void verify_withADamagedSegment_namesTheObject_andExitsWithIntegrityFailure() throws Exception {
    try (dev.coffer.engine.Coffer store =
        dev.coffer.engine.Coffer.builder(tmp.resolve("data")).open()) {
      EngineDb db = (EngineDb) field(field(store, "engine"), "db");
      byte[] key;
      byte[] value;
      try (EngineDb.Scan scan = db.scan(EngineDb.Family.CHUNKS, new byte[0], null)) {
        assertThat(scan.next()).as("the big object's segments").isTrue();
        key = scan.key();
        value = scan.value();
      }
      value[value.length / 2] ^= 1;
      try (EngineDb.Batch batch = db.batch()) {
        batch.put(EngineDb.Family.CHUNKS, key, value);
        batch.commit();
      }
    }

    Coffer.Result result = coffer.run("verify");
    JsonObject json = coffer.run("verify", "--json").json();

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(result.out())
        .startsWith("Verified 4 objects")
        .contains("1 failed")
        .containsPattern("docs +2026/big\\.bin +INTEGRITY_FAILURE");
    assertThat(result.stderr()).contains("1 of 4 objects failed verification", "docs/2026/big.bin");
    assertThat(json.getAsJsonArray("failed")).hasSize(1);
    assertThat(json.getAsJsonArray("failed").get(0).getAsJsonObject().get("key").getAsString())
        .isEqualTo("2026/big.bin");
  }

  @Test
  void verify_withADisabledKey_reportsItsObjects_andExitsKeyUnavailable() {
    coffer.run("key", "disable", "alias/b").assertOk();

    Coffer.Result result = coffer.run("verify");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(result.out()).contains("1 failed").containsPattern("logs +c\\.txt +KEY_DISABLED");
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }
}
