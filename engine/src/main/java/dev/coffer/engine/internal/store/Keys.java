package dev.coffer.engine.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Row keys of the engine's column families (layout in {@code coffer/format/v1/object.proto}). */
public final class Keys {
  private Keys() {}

  public static byte[] bucket(String bucket) {
    return bucket.getBytes(StandardCharsets.UTF_8);
  }

  /** bucket ‖ 0x00 ‖ object key: bucket names never hold 0x00, so buckets never interleave. */
  public static byte[] object(String bucket, String key) {
    byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 1 + k.length];
    System.arraycopy(b, 0, out, 0, b.length);
    System.arraycopy(k, 0, out, b.length + 1, k.length);
    return out;
  }

  /** The first object row of a bucket at or after {@code keyPrefix}. */
  public static byte[] objectsFrom(String bucket, String keyPrefix) {
    return object(bucket, keyPrefix);
  }

  /** Just past the last object row of a bucket. */
  public static byte[] objectsEnd(String bucket) {
    byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(b, b.length + 1);
    out[b.length] = 1;
    return out;
  }

  /** The object key of an object row. */
  public static String objectKey(byte[] row, String bucket) {
    int skip = bucket.getBytes(StandardCharsets.UTF_8).length + 1;
    return new String(row, skip, row.length - skip, StandardCharsets.UTF_8);
  }

  public static byte[] chunk(byte[] versionId, long index) {
    return ByteBuffer.allocate(versionId.length + 4).put(versionId).putInt((int) index).array();
  }

  /** Just past the last chunk row of a version. */
  public static byte[] chunksEnd(byte[] versionId) {
    return ByteBuffer.allocate(versionId.length + 5)
        .put(versionId)
        .putInt(-1)
        .put((byte) 0)
        .array();
  }

  public static byte[] meta(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] pendingUpload(byte[] versionId) {
    byte[] prefix = meta("pending/");
    byte[] out = Arrays.copyOf(prefix, prefix.length + versionId.length);
    System.arraycopy(versionId, 0, out, prefix.length, versionId.length);
    return out;
  }

  public static byte[] pendingUploadsFrom() {
    return meta("pending/");
  }

  public static byte[] pendingUploadsEnd() {
    return meta("pending0");
  }
}
