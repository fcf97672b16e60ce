package dev.coffer.engine.archive;

import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Restores the objects of an archive into a bucket, each with PutObject under the bucket's default
 * encryption: the same key, bytes, content type, user metadata and encryption-context pairs as when
 * exported (its version id, ETag and time are new, as for any write). Files of an archive made from
 * disk become objects named by their paths; directories and links are skipped.
 *
 * <p>Each object is committed by the engine only once its data has been read to its end, which the
 * archive authenticates (the entry's last chunk sits in an authenticated segment), so every
 * imported object is whole and as archived. Objects are committed one by one, though: if the
 * archive fails later on, the objects before the failure stay imported. Verify a file first ({@link
 * ArchiveReader} to its end) for all or nothing.
 */
public final class BucketImporter {
  /** Sees what is imported, for progress. */
  public interface Listener {
    /** Called as an object starts; may wrap its data (to count bytes, say). */
    default InputStream object(ArchiveEntry entry, InputStream data) {
      return data;
    }

    /** An entry that is not a file, and so not imported. */
    default void skipped(ArchiveEntry entry) {}
  }

  /** What an import did: objects written and their bytes, and what the archive counts. */
  public record Result(long objects, long bytes, ArchiveSummary archive) {}

  private BucketImporter() {}

  /** Reads {@code archive} to its end, putting each file entry into {@code bucket}. */
  public static Result importInto(
      ArchiveReader archive, ObjectStore s3, String bucket, Listener listener) throws IOException {
    long objects = 0;
    long bytes = 0;
    for (Optional<ArchiveEntry> next; (next = archive.next()).isPresent(); ) {
      ArchiveEntry entry = next.get();
      if (entry.type() != EntryType.FILE) {
        listener.skipped(entry);
        continue;
      }
      bytes += s3.putObject(request(bucket, entry), listener.object(entry, archive.data())).size();
      objects++;
    }
    return new Result(objects, bytes, archive.summary());
  }

  private static PutObjectRequest request(String bucket, ArchiveEntry entry) {
    PutObjectRequest.Builder request = PutObjectRequest.builder(bucket, entry.path());
    entry
        .object()
        .ifPresent(
            o -> {
              request.contentType(o.contentType()).encryptionContext(o.encryptionContext());
              o.userMetadata().forEach(request::userMetadata);
            });
    return request.build();
  }
}
