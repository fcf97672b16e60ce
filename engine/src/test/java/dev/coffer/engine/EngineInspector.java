package dev.coffer.engine;

import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.KeyCounts;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/** Looks inside a fixture's RocksDB, for tests that must see what is really stored. */
final class EngineInspector {
  private EngineInspector() {}

  /** Rows in the chunks column family. */
  static long chunkCount(EngineFixture fx) {
    return RawStore.count(fx, "CHUNKS");
  }

  /** The raw value of a row. */
  static byte[] get(EngineFixture fx, String family, byte[] key) {
    try {
      Object db = db(fx);
      Class<?> familyType = Class.forName("dev.coffer.engine.internal.store.EngineDb$Family");
      return (byte[])
          db.getClass()
              .getMethod("get", familyType, byte[].class)
              .invoke(db, familyType.getField(family).get(null), key);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Overwrites a row directly, as an attacker with the disk would. */
  static void put(EngineFixture fx, String family, byte[] key, byte[] value) {
    try {
      Object db = db(fx);
      Class<?> familyType = Class.forName("dev.coffer.engine.internal.store.EngineDb$Family");
      try (AutoCloseable batch = (AutoCloseable) db.getClass().getMethod("batch").invoke(db)) {
        batch
            .getClass()
            .getMethod("put", familyType, byte[].class, byte[].class)
            .invoke(batch, familyType.getField(family).get(null), key, value);
        batch.getClass().getMethod("commit").invoke(batch);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] objectRow(String bucket, String key) {
    return dev.coffer.engine.internal.store.Keys.object(bucket, key);
  }

  static byte[] chunkRow(byte[] versionId, long index) {
    return dev.coffer.engine.internal.store.Keys.chunk(versionId, index);
  }

  /** Every value in a column family, in key order. */
  static java.util.List<byte[]> values(EngineFixture fx, String family) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    RawStore.scan(fx, family, out::add);
    return out;
  }

  private static final class RawStore {
    static long count(EngineFixture fx, String family) {
      long[] n = {0};
      scan(fx, family, v -> n[0]++);
      return n[0];
    }

    static void scan(EngineFixture fx, String family, java.util.function.Consumer<byte[]> values) {
      try {
        Object db = db(fx);
        Class<?> familyType = Class.forName("dev.coffer.engine.internal.store.EngineDb$Family");
        Object f = familyType.getField(family).get(null);
        Method scan = db.getClass().getMethod("scan", familyType, byte[].class, byte[].class);
        try (AutoCloseable s = (AutoCloseable) scan.invoke(db, f, new byte[0], null)) {
          Method next = s.getClass().getMethod("next");
          Method value = s.getClass().getMethod("value");
          while ((Boolean) next.invoke(s)) {
            values.accept((byte[]) value.invoke(s));
          }
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  static Object db(EngineFixture fx) throws ReflectiveOperationException {
    return db(fx.coffer());
  }

  static Object db(Coffer coffer) throws ReflectiveOperationException {
    Object engine = field(coffer, "engine");
    return field(engine, "db");
  }

  /** An object's record as stored. */
  static dev.coffer.format.v1.ObjectRecord objectRecord(Coffer coffer, String bucket, String key) {
    try {
      return dev.coffer.format.v1.ObjectRecord.parseFrom(
          ((EngineDb) db(coffer)).get(EngineDb.Family.OBJECTS, objectRow(bucket, key)));
    } catch (ReflectiveOperationException | com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** The stored counts of objects whose data key is wrapped directly, per key version. */
  static Map<KeyCounts.Slot, Long> storedKeyCounts(Coffer coffer) {
    try {
      return new KeyCounts((EngineDb) db(coffer)).stored();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The same counts found by reading every object record: what the stored ones must equal. */
  static Map<KeyCounts.Slot, Long> scannedKeyCounts(Coffer coffer) {
    try {
      return KeyCounts.scanRecords((EngineDb) db(coffer));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether the engine has started its background warm-up of the ciphers. */
  static boolean cryptoWarmUpStarted(Coffer coffer) {
    try {
      Object engine = field(coffer, "engine");
      return ((dev.coffer.engine.internal.EngineCore) field(engine, "core"))
          .cryptoWarmup()
          .started();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }
}
