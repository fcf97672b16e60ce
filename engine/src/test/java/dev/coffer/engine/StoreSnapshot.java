package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.format.v1.ObjectRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a caller can see of a store, read through the API: each bucket's configuration, and
 * each listed object as head describes it with a digest of all its bytes as get returns them. Two
 * equal snapshots mean no caller can tell the stores apart.
 */
record StoreSnapshot(Map<String, BucketState> buckets) {
  record BucketState(
      BucketEncryption encryption,
      Optional<String> policy,
      Map<String, String> tags,
      Map<String, ObjectState> objects) {}

  record ObjectState(ObjectInfo head, String contentSha256) {}

  static StoreSnapshot of(ObjectStore s3) {
    Map<String, BucketState> buckets = new TreeMap<>();
    for (BucketInfo b : s3.listBuckets()) {
      String name = b.name();
      Map<String, ObjectState> objects = new TreeMap<>();
      ListObjectsResult listed = s3.listObjects(ListObjectsRequest.builder(name).build());
      assertThat(listed.truncated()).as("snapshots are of small stores").isFalse();
      for (ObjectSummary o : listed.contents()) {
        ObjectInfo head = s3.headObject(name, o.key());
        assertThat(head.etag()).as("list and head agree on %s", o.key()).isEqualTo(o.etag());
        objects.put(o.key(), new ObjectState(head, sha256(s3, name, o.key(), head.size())));
      }
      buckets.put(
          name,
          new BucketState(
              s3.getBucketEncryption(name),
              s3.getBucketPolicy(name),
              s3.getBucketTagging(name),
              objects));
    }
    return new StoreSnapshot(buckets);
  }

  private static String sha256(ObjectStore s3, String bucket, String key, long size) {
    try (ObjectContent content = s3.getObject(GetObjectRequest.of(bucket, key))) {
      byte[] all = content.readAllBytes();
      assertThat(all).as("%s/%s has the size head gives", bucket, key).hasSize((int) size);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Segment rows the stored object records refer to: all a store without orphans holds. */
  static long referencedChunks(EngineFixture fx) {
    long n = 0;
    List<byte[]> records = EngineInspector.values(fx, "OBJECTS");
    for (byte[] raw : records) {
      try {
        ObjectRecord r = ObjectRecord.parseFrom(raw);
        n += r.getInlineSegment().isEmpty() ? r.getSegmentCount() : 0;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return n;
  }
}
