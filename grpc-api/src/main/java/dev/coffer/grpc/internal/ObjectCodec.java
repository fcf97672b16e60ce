package dev.coffer.grpc.internal;

import dev.coffer.api.v1.Bucket;
import dev.coffer.api.v1.ByteRange;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.api.v1.Span;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.MetadataDirective;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectSummary;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Principal;
import java.util.Optional;

/**
 * The object and bucket types of the embedded API to and from their {@code coffer.api.v1} forms.
 * Requests go client → server, results server → client; both directions live here so that they stay
 * each other's inverse.
 */
public final class ObjectCodec {
  private ObjectCodec() {}

  // ---- encryption context

  public static dev.coffer.api.v1.EncryptionContext toProto(EncryptionContext context) {
    return dev.coffer.api.v1.EncryptionContext.newBuilder().putAllPairs(context.asMap()).build();
  }

  public static EncryptionContext fromProto(dev.coffer.api.v1.EncryptionContext context) {
    return EncryptionContext.of(context.getPairsMap());
  }

  // ---- buckets

  public static dev.coffer.api.v1.BucketEncryption toProto(BucketEncryption e) {
    return dev.coffer.api.v1.BucketEncryption.newBuilder()
        .setKmsKeyId(e.kmsKeyId())
        .setBucketKeyEnabled(e.bucketKeyEnabled())
        .build();
  }

  public static BucketEncryption fromProto(dev.coffer.api.v1.BucketEncryption e) {
    return new BucketEncryption(e.getKmsKeyId(), e.getBucketKeyEnabled());
  }

  public static CreateBucketRequest fromProto(dev.coffer.api.v1.CreateBucketRequest r) {
    return r.hasEncryption()
        ? CreateBucketRequest.of(r.getName(), fromProto(r.getEncryption()))
        : CreateBucketRequest.of(r.getName());
  }

  public static Bucket toProto(BucketInfo b) {
    return Bucket.newBuilder()
        .setName(b.name())
        .setOwner(b.owner().name())
        .setCreationDate(Times.toProto(b.creationDate()))
        .setEncryption(toProto(b.encryption()))
        .build();
  }

  public static BucketInfo fromProto(Bucket b) {
    return new BucketInfo(
        b.getName(),
        Principal.of(b.getOwner()),
        Times.fromProto(b.getCreationDate()),
        fromProto(b.getEncryption()));
  }

  // ---- object writes

  public static ObjectWrite toProto(PutObjectRequest r) {
    ObjectWrite.Builder b =
        ObjectWrite.newBuilder()
            .setBucket(r.bucket())
            .setKey(r.key())
            .setSseKms(r.sseKmsRequested())
            .putAllEncryptionContext(r.encryptionContext().asMap())
            .setContentType(r.contentType())
            .putAllUserMetadata(r.userMetadata());
    r.kmsKeyId().ifPresent(b::setKmsKeyId);
    r.bucketKeyEnabled().ifPresent(b::setBucketKeyEnabled);
    b.setIfNoneMatch(r.ifNoneMatch());
    r.ifMatch().ifPresent(b::setIfMatch);
    return b.build();
  }

  public static PutObjectRequest fromProto(ObjectWrite w) {
    PutObjectRequest.Builder b = PutObjectRequest.builder(w.getBucket(), w.getKey());
    if (w.getSseKms()) {
      b.sseKms();
    }
    if (w.hasKmsKeyId()) {
      b.kmsKeyId(w.getKmsKeyId());
    }
    if (w.hasBucketKeyEnabled()) {
      b.bucketKeyEnabled(w.getBucketKeyEnabled());
    }
    b.encryptionContext(EncryptionContext.of(w.getEncryptionContextMap()));
    if (!w.getContentType().isEmpty()) {
      b.contentType(w.getContentType());
    }
    w.getUserMetadataMap().forEach(b::userMetadata);
    if (w.getIfNoneMatch()) {
      b.ifNoneMatch();
    }
    if (w.hasIfMatch()) {
      b.ifMatch(w.getIfMatch());
    }
    return b.build();
  }

  // ---- object reads

  public static dev.coffer.api.v1.GetObjectRequest toProto(GetObjectRequest r) {
    dev.coffer.api.v1.GetObjectRequest.Builder b =
        dev.coffer.api.v1.GetObjectRequest.newBuilder().setBucket(r.bucket()).setKey(r.key());
    r.expectedContext().ifPresent(c -> b.setExpectedContext(toProto(c)));
    r.range().ifPresent(range -> b.setRange(toProto(range)));
    return b.build();
  }

  private static ByteRange toProto(dev.coffer.engine.ByteRange range) {
    if (range instanceof dev.coffer.engine.ByteRange.Span span) {
      return ByteRange.newBuilder()
          .setSpan(Span.newBuilder().setFirst(span.first()).setLast(span.last()))
          .build();
    }
    if (range instanceof dev.coffer.engine.ByteRange.From from) {
      return ByteRange.newBuilder().setFrom(from.first()).build();
    }
    return ByteRange.newBuilder()
        .setLastBytes(((dev.coffer.engine.ByteRange.Suffix) range).length())
        .build();
  }

  public static GetObjectRequest fromProto(dev.coffer.api.v1.GetObjectRequest r) {
    GetObjectRequest request = GetObjectRequest.of(r.getBucket(), r.getKey());
    if (r.hasExpectedContext()) {
      request = request.expectingContext(fromProto(r.getExpectedContext()));
    }
    if (r.hasRange()) {
      ByteRange range = r.getRange();
      request =
          switch (range.getKindCase()) {
            case SPAN -> request.range(range.getSpan().getFirst(), range.getSpan().getLast());
            case FROM -> request.rangeFrom(range.getFrom());
            case LAST_BYTES -> request.lastBytes(range.getLastBytes());
            case KIND_NOT_SET -> request;
          };
    }
    return request;
  }

  public static dev.coffer.api.v1.ObjectInfo toProto(ObjectInfo o) {
    return dev.coffer.api.v1.ObjectInfo.newBuilder()
        .setBucket(o.bucket())
        .setKey(o.key())
        .setVersionId(o.versionId())
        .setSize(o.size())
        .setEtag(o.etag())
        .setLastModified(Times.toProto(o.lastModified()))
        .setContentType(o.contentType())
        .putAllUserMetadata(o.userMetadata())
        .setServerSideEncryption(o.serverSideEncryption())
        .setKmsKeyArn(o.kmsKeyArn())
        .setKmsKeyVersion(o.kmsKeyVersion())
        .setBucketKeyEnabled(o.bucketKeyEnabled())
        .putAllEncryptionContext(o.encryptionContext().asMap())
        .build();
  }

  public static ObjectInfo fromProto(dev.coffer.api.v1.ObjectInfo o) {
    return new ObjectInfo(
        o.getBucket(),
        o.getKey(),
        o.getVersionId(),
        o.getSize(),
        o.getEtag(),
        Times.fromProto(o.getLastModified()),
        o.getContentType(),
        o.getUserMetadataMap(),
        o.getServerSideEncryption(),
        o.getKmsKeyArn(),
        o.getKmsKeyVersion(),
        o.getBucketKeyEnabled(),
        EncryptionContext.of(o.getEncryptionContextMap()));
  }

  // ---- listing and copying

  public static dev.coffer.api.v1.ListObjectsRequest toProto(ListObjectsRequest r) {
    dev.coffer.api.v1.ListObjectsRequest.Builder b =
        dev.coffer.api.v1.ListObjectsRequest.newBuilder()
            .setBucket(r.bucket())
            .setPrefix(r.prefix())
            .setMaxKeys(r.maxKeys());
    r.delimiter().ifPresent(b::setDelimiter);
    r.startAfter().ifPresent(b::setStartAfter);
    r.continuationToken().ifPresent(b::setContinuationToken);
    return b.build();
  }

  public static ListObjectsRequest fromProto(dev.coffer.api.v1.ListObjectsRequest r) {
    ListObjectsRequest.Builder b = ListObjectsRequest.builder(r.getBucket()).prefix(r.getPrefix());
    if (r.hasDelimiter()) {
      b.delimiter(r.getDelimiter());
    }
    if (r.hasStartAfter()) {
      b.startAfter(r.getStartAfter());
    }
    if (r.getMaxKeys() != 0) {
      b.maxKeys(r.getMaxKeys());
    }
    if (r.hasContinuationToken()) {
      b.continuationToken(r.getContinuationToken());
    }
    return b.build();
  }

  public static dev.coffer.api.v1.ListObjectsResponse toProto(ListObjectsResult r) {
    dev.coffer.api.v1.ListObjectsResponse.Builder b =
        dev.coffer.api.v1.ListObjectsResponse.newBuilder()
            .addAllCommonPrefixes(r.commonPrefixes())
            .setTruncated(r.truncated());
    for (ObjectSummary s : r.contents()) {
      b.addContents(
          dev.coffer.api.v1.ObjectSummary.newBuilder()
              .setKey(s.key())
              .setSize(s.size())
              .setEtag(s.etag())
              .setLastModified(Times.toProto(s.lastModified())));
    }
    r.nextContinuationToken().ifPresent(b::setNextContinuationToken);
    return b.build();
  }

  public static ListObjectsResult fromProto(dev.coffer.api.v1.ListObjectsResponse r) {
    return new ListObjectsResult(
        r.getContentsList().stream()
            .map(
                s ->
                    new ObjectSummary(
                        s.getKey(), s.getSize(), s.getEtag(), Times.fromProto(s.getLastModified())))
            .toList(),
        r.getCommonPrefixesList(),
        r.getTruncated(),
        r.hasNextContinuationToken()
            ? Optional.of(r.getNextContinuationToken())
            : Optional.empty());
  }

  public static dev.coffer.api.v1.CopyObjectRequest toProto(CopyObjectRequest r) {
    dev.coffer.api.v1.CopyObjectRequest.Builder b =
        dev.coffer.api.v1.CopyObjectRequest.newBuilder()
            .setSourceBucket(r.sourceBucket())
            .setSourceKey(r.sourceKey())
            .setDestination(toProto(r.destination()))
            .setMetadataDirective(toProto(r.metadataDirective()));
    r.expectedSourceContext().ifPresent(c -> b.setExpectedSourceContext(toProto(c)));
    return b.build();
  }

  public static CopyObjectRequest fromProto(dev.coffer.api.v1.CopyObjectRequest r) {
    return new CopyObjectRequest(
        r.getSourceBucket(),
        r.getSourceKey(),
        r.hasExpectedSourceContext()
            ? Optional.of(fromProto(r.getExpectedSourceContext()))
            : Optional.empty(),
        fromProto(r.getDestination()),
        fromProto(r.getMetadataDirective()));
  }

  static dev.coffer.api.v1.MetadataDirective toProto(MetadataDirective d) {
    return switch (d) {
      case COPY -> dev.coffer.api.v1.MetadataDirective.METADATA_DIRECTIVE_COPY;
      case REPLACE -> dev.coffer.api.v1.MetadataDirective.METADATA_DIRECTIVE_REPLACE;
    };
  }

  /**
   * Unspecified is COPY, as an S3 copy without the header: clients older than the field send it.
   */
  static MetadataDirective fromProto(dev.coffer.api.v1.MetadataDirective d) {
    return switch (d) {
      case METADATA_DIRECTIVE_UNSPECIFIED, METADATA_DIRECTIVE_COPY -> MetadataDirective.COPY;
      case METADATA_DIRECTIVE_REPLACE -> MetadataDirective.REPLACE;
      // UNRECOGNIZED: a number this server does not know; guessing could lose metadata.
      default ->
          throw new InvalidArgumentException(
              "unknown metadata directive: use COPY, REPLACE or leave it unspecified");
    };
  }
}
