package dev.coffer.engine.archive;

import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.ObjectSummary;
import dev.coffer.keystore.EncryptionContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a bucket's objects into an archive: per object its key (as the entry's path), its bytes
 * and what {@link BucketImporter} needs to restore it as it was — content type, user metadata and
 * the caller's encryption-context pairs. Objects are read one at a time, in key order, a page of
 * keys at a time, so memory does not grow with the bucket. Each object is read with the caller's
 * rights, as GetObject (s3:GetObject and kms:Decrypt).
 */
public final class BucketExporter {
  /** Sees what is exported, for progress. */
  public interface Listener {
    /** Called as an object starts; may wrap its data (to count bytes, say). */
    default InputStream object(ObjectInfo object, InputStream data) {
      return data;
    }
  }

  private BucketExporter() {}

  /** The spec of an export archive of {@code bucket} under {@code keyId}: its header says so. */
  public static ArchiveSpec.Builder spec(String keyId, String bucket) {
    return ArchiveSpec.builder(keyId).exportedBucket(bucket);
  }

  /**
   * Writes every object of {@code bucket} to {@code archive} and finishes it.
   *
   * @return what the archive's end record counts
   */
  public static ArchiveSummary export(
      ObjectStore s3, String bucket, ArchiveWriter archive, Listener listener) throws IOException {
    String token = null;
    ListObjectsResult page;
    do {
      ListObjectsRequest.Builder request = ListObjectsRequest.builder(bucket);
      if (token != null) {
        request.continuationToken(token);
      }
      page = s3.listObjects(request.build());
      for (ObjectSummary summary : page.contents()) {
        try (ObjectContent content = s3.getObject(GetObjectRequest.of(bucket, summary.key()))) {
          ObjectInfo info = content.info();
          archive.addFile(
              ArchiveEntry.object(info.key(), archived(info)), listener.object(info, content));
        }
      }
      token = page.nextContinuationToken().orElse(null);
    } while (page.truncated());
    return archive.finish();
  }

  /** What an object carried besides its bytes; the engine's own context pairs are left out. */
  static ArchivedObject archived(ObjectInfo info) {
    Map<String, String> callerPairs = new LinkedHashMap<>(info.encryptionContext().asMap());
    callerPairs.keySet().removeIf(k -> k.startsWith("aws:"));
    return new ArchivedObject(
        info.contentType(),
        info.userMetadata(),
        EncryptionContext.of(callerPairs),
        info.kmsKeyArn(),
        info.bucketKeyEnabled(),
        info.lastModified());
  }
}
