package dev.coffer.engine.internal.ops;

import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.MetadataDirective;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.engine.internal.EngineCore;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CopyObject: the source is read through the full read path (s3:GetObject and kms:Decrypt on its
 * key) and streamed into the full write path (s3:PutObject and kms:GenerateDataKey on the
 * destination's key), so the copy is re-encrypted for its own key, context and version. One audit
 * event covers both. Its content type and user metadata are the source's or the request's, as the
 * request's {@link MetadataDirective} says.
 */
public final class ObjectCopier {
  private final EngineCore core;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  public ObjectCopier(EngineCore core, ObjectReader reader, ObjectWriter writer) {
    this.core = core;
    this.reader = reader;
    this.writer = writer;
  }

  public ObjectInfo copy(Caller caller, CopyObjectRequest request) {
    return EngineOperation.run(
        core,
        caller,
        "CopyObject",
        false,
        op -> {
          // The destination is the operation's bucket and key, as in CloudTrail's CopyObject,
          // also when reading the source fails.
          op.parameter("bucket", request.destination().bucket())
              .parameter("key", request.destination().key())
              .parameter("sourceBucket", request.sourceBucket())
              .parameter("sourceKey", request.sourceKey())
              .parameter("metadataDirective", request.metadataDirective().name());
          refuseIgnoredMetadata(request);
          GetObjectRequest source =
              GetObjectRequest.of(request.sourceBucket(), request.sourceKey());
          if (request.expectedSourceContext().isPresent()) {
            source = source.expectingContext(request.expectedSourceContext().get());
          }
          try (ObjectContent content = reader.open(op, source)) {
            Optional<ObjectMetadata> metadata =
                request.metadataDirective() == MetadataDirective.COPY
                    ? Optional.of(
                        ObjectMetadata.newBuilder()
                            .setContentType(content.info().contentType())
                            .putAllUserMetadata(content.info().userMetadata())
                            .build())
                    : Optional.empty();
            return writer.write(
                op,
                request.destination(),
                unchecked(content),
                metadata,
                Optional.empty(),
                Map.of("s3:x-amz-metadata-directive", List.of(request.metadataDirective().name())));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * S3 ignores a COPY copy's own metadata; refused here instead, before the source is read, so that
   * metadata a caller asked for is never silently lost.
   */
  private static void refuseIgnoredMetadata(CopyObjectRequest request) {
    PutObjectRequest destination = request.destination();
    if (request.metadataDirective() == MetadataDirective.COPY
        && (!destination.contentType().equals(PutObjectRequest.DEFAULT_CONTENT_TYPE)
            || !destination.userMetadata().isEmpty())) {
      throw new InvalidArgumentException(
          "the copy keeps the source's content type and user metadata (metadata directive COPY),"
              + " so the destination must not name any: use the REPLACE directive to set them");
    }
  }

  /** Lets the write path see the source's integrity errors as the typed errors they are. */
  private static InputStream unchecked(ObjectContent content) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return content.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        try {
          return content.read(b, off, len);
        } catch (IOException e) {
          if (e.getCause() instanceof RuntimeException typed) {
            throw typed;
          }
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
