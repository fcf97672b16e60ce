package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.ArchiveFormat;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to seal a new archive: under which master key, with which encryption context, for which
 * further recipients, in segments of which size.
 */
public final class ArchiveSpec {
  /** Ciphertext bytes per segment unless set: 4 KiB. */
  public static final int DEFAULT_SEGMENT_SIZE = ArchiveFormat.DEFAULT_SEGMENT_SIZE;

  private final String keyId;
  private final EncryptionContext context;
  private final List<String> recipients;
  private final int segmentSize;
  private final Optional<Instant> created;
  private final Optional<String> exportedBucket;

  private ArchiveSpec(Builder b) {
    this.keyId = b.keyId;
    this.context = b.context;
    this.recipients = List.copyOf(b.recipients);
    this.segmentSize = b.segmentSize;
    this.created = Optional.ofNullable(b.created);
    this.exportedBucket = Optional.ofNullable(b.exportedBucket);
  }

  /** An archive under {@code keyId} (id, alias or ARN). */
  public static Builder builder(String keyId) {
    return new Builder(keyId);
  }

  public String keyId() {
    return keyId;
  }

  public EncryptionContext encryptionContext() {
    return context;
  }

  public List<String> recipients() {
    return recipients;
  }

  public int segmentSize() {
    return segmentSize;
  }

  /** When the archive says it was created; the current time unless set. */
  public Optional<Instant> created() {
    return created;
  }

  public Optional<String> exportedBucket() {
    return exportedBucket;
  }

  /** Validating builder. */
  public static final class Builder {
    private final String keyId;
    private EncryptionContext context = EncryptionContext.empty();
    private final List<String> recipients = new ArrayList<>();
    private int segmentSize = DEFAULT_SEGMENT_SIZE;
    private Instant created;
    private String exportedBucket;

    private Builder(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    /**
     * The encryption context the data key is bound to; Coffer adds {@code coffer:archive=1}.
     *
     * @throws InvalidArgumentException if a key starts with the reserved {@code coffer:}
     */
    public Builder encryptionContext(EncryptionContext context) {
      ArchiveFormat.wrappingContext(context);
      this.context = context;
      return this;
    }

    /** A further master key that can open the archive on its own (a recovery key, say). */
    public Builder recipient(String keyId) {
      recipients.add(Objects.requireNonNull(keyId, "recipient"));
      return this;
    }

    /**
     * Ciphertext bytes per segment of the body (Tink's ciphertext segment size): a power of two
     * from 4 KiB (the default) to 1 MiB. Larger segments cost more per AES-GCM call on JDK 17.
     */
    public Builder segmentSize(int bytes) {
      if (!ArchiveFormat.validSegmentSize(bytes)) {
        throw new InvalidArgumentException(
            "segment size must be a power of two from 4 KiB to 1 MiB");
      }
      this.segmentSize = bytes;
      return this;
    }

    public Builder created(Instant created) {
      this.created = Objects.requireNonNull(created, "created");
      return this;
    }

    /** Marks the archive as the export of a bucket (see {@link BucketExporter}). */
    public Builder exportedBucket(String bucket) {
      this.exportedBucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    public ArchiveSpec build() {
      return new ArchiveSpec(this);
    }
  }
}
