package dev.coffer.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What depends on a master key: the objects (by bucket) and bucket keys whose data keys it wraps,
 * and how many of those are under each version. The crypto-shredding report: destroying the key
 * makes all of them unreadable.
 *
 * @param objectsByBucket number of objects per bucket
 * @param objectsByVersion number of objects per key version
 * @param objectNames up to the requested number of {@code bucket/key} names
 */
public record KeyUsage(
    String keyArn,
    long objects,
    long bucketKeys,
    Map<String, Long> objectsByBucket,
    Map<Integer, Long> objectsByVersion,
    List<String> objectNames) {
  public KeyUsage {
    Objects.requireNonNull(keyArn, "keyArn");
    objectsByBucket = Map.copyOf(objectsByBucket);
    objectsByVersion = Map.copyOf(objectsByVersion);
    objectNames = List.copyOf(objectNames);
  }
}
