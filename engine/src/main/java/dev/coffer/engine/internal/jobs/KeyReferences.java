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
 * What stored records say about a master key, found by scanning (a reference count would be cheaper
 * to read but one more thing to keep right under crashes; the scan is the proof). Every object
 * record names the key and version its data key is under, directly or through its bucket key
 * (rewrap keeps those fields current), so objects are what must be counted.
 */
final class KeyReferences {
  private final EngineDb db;

  KeyReferences(EngineDb db) {
    this.db = db;
  }

  KeyUsage usage(String keyArn, int maxNames) {
    long objects = 0;
    Map<String, Long> byBucket = new TreeMap<>();
    Map<Integer, Long> byVersion = new TreeMap<>();
    List<String> names = new ArrayList<>();
    Map<ByteString, Integer> bucketKeyVersions = bucketKeyVersions();
    try (EngineDb.Scan scan = db.scan(Family.OBJECTS, new byte[0], null)) {
      while (scan.next()) {
        ObjectRecord r = Records.parseObject(scan.value(), "in a key scan");
        if (r.getKmsKeyArn().equals(keyArn)) {
          objects++;
          byBucket.merge(r.getBucket(), 1L, Long::sum);
          // Under a bucket key, the object's key is under whatever version its bucket key is now.
          int version =
              r.hasBucketKey()
                  ? bucketKeyVersions.getOrDefault(
                      r.getBucketKey().getBucketKeyId(), r.getKmsKeyVersion())
                  : r.getKmsKeyVersion();
          byVersion.merge(version, 1L, Long::sum);
          if (names.size() < maxNames) {
            names.add(r.getBucket() + "/" + r.getKey());
          }
        }
      }
    }
    long bucketKeys = 0;
    try (EngineDb.Scan scan = db.scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        try {
          if (dev.coffer.format.v1.BucketKeyRecord.parseFrom(scan.value())
              .getKmsKeyArn()
              .equals(keyArn)) {
            bucketKeys++;
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new IllegalStateException("a bucket key record is damaged", e);
        }
      }
    }
    return new KeyUsage(keyArn, objects, bucketKeys, byBucket, byVersion, names);
  }

  /** Objects whose data key is under a version of {@code keyArn} below {@code minVersion}. */
  private Map<ByteString, Integer> bucketKeyVersions() {
    Map<ByteString, Integer> versions = new HashMap<>();
    try (EngineDb.Scan scan = db.scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        BucketKeyRecord r = JobSteps.parseBucketKey(scan.value());
        versions.put(r.getBucketKeyId(), r.getKmsKeyVersion());
      }
    }
    return versions;
  }

  /** Bucket keys wrapped under versions of the key below {@code minVersion}. */
  long bucketKeysBelow(String keyArn, int minVersion) {
    long n = 0;
    try (EngineDb.Scan scan = db.scan(Family.BUCKET_KEYS, new byte[0], null)) {
      while (scan.next()) {
        BucketKeyRecord r = JobSteps.parseBucketKey(scan.value());
        if (r.getKmsKeyArn().equals(keyArn) && r.getKmsKeyVersion() < minVersion) {
          n++;
        }
      }
    }
    return n;
  }

  long objectsBelow(String keyArn, int minVersion) {
    return usage(keyArn, 0).objectsByVersion().entrySet().stream()
        .filter(e -> e.getKey() < minVersion)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
