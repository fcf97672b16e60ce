package dev.coffer.grpc.client;

import dev.coffer.api.v1.BucketServiceGrpc;
import dev.coffer.api.v1.DeleteBucketPolicyRequest;
import dev.coffer.api.v1.DeleteBucketRequest;
import dev.coffer.api.v1.DeleteObjectRequest;
import dev.coffer.api.v1.GetBucketEncryptionRequest;
import dev.coffer.api.v1.GetBucketPolicyRequest;
import dev.coffer.api.v1.GetBucketPolicyResponse;
import dev.coffer.api.v1.GetBucketTaggingRequest;
import dev.coffer.api.v1.GetObjectHeader;
import dev.coffer.api.v1.GetObjectResponse;
import dev.coffer.api.v1.HeadObjectRequest;
import dev.coffer.api.v1.ListBucketsRequest;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.PutBucketEncryptionRequest;
import dev.coffer.api.v1.PutBucketPolicyRequest;
import dev.coffer.api.v1.PutBucketTaggingRequest;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.internal.ObjectCodec;
import dev.coffer.grpc.internal.StatusMapper;
import dev.coffer.keystore.Caller;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The embedded {@link ObjectStore} interface, served by a sidecar. */
final class RemoteObjectStore implements ObjectStore {
  private final CofferClient client;

  RemoteObjectStore(CofferClient client) {
    this.client = client;
  }

  private BucketServiceGrpc.BucketServiceBlockingStub buckets() {
    return client.withDeadline(BucketServiceGrpc.newBlockingStub(client.channel()));
  }

  private ObjectServiceGrpc.ObjectServiceBlockingStub objects() {
    return client.withDeadline(ObjectServiceGrpc.newBlockingStub(client.channel()));
  }

  @Override
  public Caller caller() {
    return client.caller();
  }

  // ---- buckets

  @Override
  public BucketInfo createBucket(CreateBucketRequest request) {
    dev.coffer.api.v1.CreateBucketRequest.Builder b =
        dev.coffer.api.v1.CreateBucketRequest.newBuilder().setName(request.name());
    request.encryption().ifPresent(e -> b.setEncryption(ObjectCodec.toProto(e)));
    return Calls.call(() -> ObjectCodec.fromProto(buckets().createBucket(b.build()).getBucket()));
  }

  @Override
  public List<BucketInfo> listBuckets() {
    return Calls.call(
        () ->
            buckets().listBuckets(ListBucketsRequest.getDefaultInstance()).getBucketsList().stream()
                .map(ObjectCodec::fromProto)
                .toList());
  }

  @Override
  public void deleteBucket(String bucket) {
    Calls.run(
        () -> buckets().deleteBucket(DeleteBucketRequest.newBuilder().setBucket(bucket).build()));
  }

  @Override
  public BucketEncryption getBucketEncryption(String bucket) {
    return Calls.call(
        () ->
            ObjectCodec.fromProto(
                buckets()
                    .getBucketEncryption(
                        GetBucketEncryptionRequest.newBuilder().setBucket(bucket).build())
                    .getEncryption()));
  }

  @Override
  public void putBucketEncryption(String bucket, BucketEncryption encryption) {
    Calls.run(
        () ->
            buckets()
                .putBucketEncryption(
                    PutBucketEncryptionRequest.newBuilder()
                        .setBucket(bucket)
                        .setEncryption(ObjectCodec.toProto(encryption))
                        .build()));
  }

  @Override
  public void putBucketPolicy(String bucket, String policy) {
    Calls.run(
        () ->
            buckets()
                .putBucketPolicy(
                    PutBucketPolicyRequest.newBuilder()
                        .setBucket(bucket)
                        .setPolicy(policy)
                        .build()));
  }

  @Override
  public Optional<String> getBucketPolicy(String bucket) {
    GetBucketPolicyResponse r =
        Calls.call(
            () ->
                buckets()
                    .getBucketPolicy(
                        GetBucketPolicyRequest.newBuilder().setBucket(bucket).build()));
    return r.hasPolicy() ? Optional.of(r.getPolicy()) : Optional.empty();
  }

  @Override
  public void deleteBucketPolicy(String bucket) {
    Calls.run(
        () ->
            buckets()
                .deleteBucketPolicy(
                    DeleteBucketPolicyRequest.newBuilder().setBucket(bucket).build()));
  }

  @Override
  public void putBucketTagging(String bucket, Map<String, String> tags) {
    Calls.run(
        () ->
            buckets()
                .putBucketTagging(
                    PutBucketTaggingRequest.newBuilder()
                        .setBucket(bucket)
                        .putAllTags(tags)
                        .build()));
  }

  @Override
  public Map<String, String> getBucketTagging(String bucket) {
    return Calls.call(
        () ->
            Map.copyOf(
                buckets()
                    .getBucketTagging(
                        GetBucketTaggingRequest.newBuilder().setBucket(bucket).build())
                    .getTagsMap()));
  }

  // ---- objects

  @Override
  public ObjectInfo putObject(PutObjectRequest request, byte[] data) {
    return putObject(request, new ByteArrayInputStream(data));
  }

  @Override
  public ObjectInfo putObject(PutObjectRequest request, InputStream data) {
    return new Uploader().upload(ObjectServiceGrpc.newStub(client.channel()), request, data);
  }

  @Override
  public ObjectContent getObject(GetObjectRequest request) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      Iterator<GetObjectResponse> replies =
          context.call(
              () ->
                  ObjectServiceGrpc.newBlockingStub(client.channel())
                      .getObject(ObjectCodec.toProto(request)));
      GetObjectResponse first = replies.next();
      GetObjectHeader header = first.getHeader();
      DownloadStream data =
          new DownloadStream(
              replies, context, first.getData().asReadOnlyByteBuffer(), header.getLength());
      return new ObjectContent(
          ObjectCodec.fromProto(header.getObject()), data, header.getFirst(), header.getLength());
    } catch (StatusRuntimeException e) {
      context.cancel(null);
      throw StatusMapper.toException(e);
    } catch (Exception e) {
      context.cancel(null);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ObjectInfo headObject(String bucket, String key) {
    return Calls.call(
        () ->
            ObjectCodec.fromProto(
                objects()
                    .headObject(
                        HeadObjectRequest.newBuilder().setBucket(bucket).setKey(key).build())
                    .getObject()));
  }

  @Override
  public void deleteObject(String bucket, String key) {
    Calls.run(
        () ->
            objects()
                .deleteObject(
                    DeleteObjectRequest.newBuilder().setBucket(bucket).setKey(key).build()));
  }

  @Override
  public ListObjectsResult listObjects(ListObjectsRequest request) {
    return Calls.call(
        () -> ObjectCodec.fromProto(objects().listObjects(ObjectCodec.toProto(request))));
  }

  @Override
  public ObjectInfo copyObject(CopyObjectRequest request) {
    return Calls.call(
        () ->
            ObjectCodec.fromProto(objects().copyObject(ObjectCodec.toProto(request)).getObject()));
  }
}
