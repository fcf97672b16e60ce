package dev.coffer.engine.internal.jobs;

import com.google.protobuf.ByteString;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.BucketKeyRecord;
import dev.coffer.format.v1.ObjectRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What stored records say about a master key, found by scanning. The rewrap job trusts the stored
 * counts of directly wrapped objects ({@link dev.coffer.engine.internal.store.KeyCounts}) to skip
 * its scan; retirement and the shredding report do not, on purpose: a count wrong by one there
 * would destroy a version an object still needs, while in the rewrap it leaves the object for the
 * retirement check to find. An object's data key is under its own record's key version, or, under a
 * bucket key, under whatever version that bucket key is now (a rewrap moves bucket keys, not the
 * records of their objects).
 */
final class KeyReferences {
  private final EngineDb db;

  KeyReferences(EngineDb db) {
    this.db = db;
  }

  KeyUsage usage(String keyArn, int maxNames) {
    return scan(keyArn, maxNames, false);
  }

  /** Every object, as depending on {@code keyArn}: for the key that seals their metadata. */
  KeyUsage everyObject(String keyArn, int maxNames) {
    return scan(keyArn, maxNames, true);
  }

  /**
   * The objects whose data key {@code keyArn} wraps, with their versions and the key's bucket keys;
   * or, with {@code everyObject}, every object, and neither versions nor bucket keys.
   */
  private KeyUsage scan(String keyArn, int maxNames, boolean everyObject) {
    long objects = 0;
    Map<String, Long> byBucket = new TreeMap<>();
    Map<Integer, Long> byVersion = new TreeMap<>();
    List<String> names = new ArrayList<>();
    List<BucketKeyRecord> bucketKeys = everyObject ? List.of() : bucketKeys();
    Map<ByteString, Integer> bucketKeyVersions = new HashMap<>();
    bucketKeys.forEach(b -> bucketKeyVersions.put(b.getBucketKeyId(), b.getKmsKeyVersion()));
    try (EngineDb.Scan scan = db.scan(Family.OBJECTS, new byte[0], null)) {
      while (scan.next()) {
        ObjectRecord r = Records.parseObject(scan.value(), "in a key scan");
        if (!everyObject && !r.getKmsKeyArn().equals(keyArn)) {
          continue;
        }
        objects++;
        byBucket.merge(r.getBucket(), 1L, Long::sum);
        if (!everyObject) {
          int version =
              r.hasBucketKey()
                  ? bucketKeyVersions.getOrDefault(
                      r.getBucketKey().getBucketKeyId(), r.getKmsKeyVersion())
                  : r.getKmsKeyVersion();
          byVersion.merge(version, 1L, Long::sum);
        }
        if (names.size() < maxNames) {
          names.add(r.getBucket() + "/" + r.getKey());
        }
      }
    }
    long keyBucketKeys = bucketKeys.stream().filter(b -> b.getKmsKeyArn().equals(keyArn)).count();
    return new KeyUsage(keyArn, objects, keyBucketKeys, byBucket, byVersion, names);
  }

  /** Bucket keys wrapped under versions of the key below {@code minVersion}. */
  long bucketKeysBelow(String keyArn, int minVersion) {
    return bucketKeys().stream()
        .filter(b -> b.getKmsKeyArn().equals(keyArn) && b.getKmsKeyVersion() < minVersion)
        .count();
  }

  /** Objects whose data key is under a version of {@code keyArn} below {@code minVersion}. */
  long objectsBelow(String keyArn, int minVersion) {
    return usage(keyArn, 0).objectsByVersion().entrySet().stream()
        .filter(e -> e.getKey() < minVersion)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Every bucket key record: a handful per bucket, so one list is small. */
  private List<BucketKeyRecord> bucketKeys() {
    List<BucketKeyRecord> all = new ArrayList<>();
    try (EngineDb.Scan scan = db.scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        all.add(JobSteps.parseBucketKey(scan.value()));
      }
    }
    return all;
  }
}
