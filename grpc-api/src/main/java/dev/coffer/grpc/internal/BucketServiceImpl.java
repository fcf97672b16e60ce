package dev.coffer.grpc.internal;

import dev.coffer.api.v1.BucketServiceGrpc;
import dev.coffer.api.v1.CreateBucketRequest;
import dev.coffer.api.v1.CreateBucketResponse;
import dev.coffer.api.v1.DeleteBucketPolicyRequest;
import dev.coffer.api.v1.DeleteBucketPolicyResponse;
import dev.coffer.api.v1.DeleteBucketRequest;
import dev.coffer.api.v1.DeleteBucketResponse;
import dev.coffer.api.v1.GetBucketEncryptionRequest;
import dev.coffer.api.v1.GetBucketEncryptionResponse;
import dev.coffer.api.v1.GetBucketPolicyRequest;
import dev.coffer.api.v1.GetBucketPolicyResponse;
import dev.coffer.api.v1.GetBucketTaggingRequest;
import dev.coffer.api.v1.GetBucketTaggingResponse;
import dev.coffer.api.v1.ListBucketsRequest;
import dev.coffer.api.v1.ListBucketsResponse;
import dev.coffer.api.v1.PutBucketEncryptionRequest;
import dev.coffer.api.v1.PutBucketEncryptionResponse;
import dev.coffer.api.v1.PutBucketPolicyRequest;
import dev.coffer.api.v1.PutBucketPolicyResponse;
import dev.coffer.api.v1.PutBucketTaggingRequest;
import dev.coffer.api.v1.PutBucketTaggingResponse;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.ObjectStore;
import io.grpc.stub.StreamObserver;

/** BucketService: each call runs the embedded bucket operation as the authenticated caller. */
public final class BucketServiceImpl extends BucketServiceGrpc.BucketServiceImplBase {
  private final Coffer coffer;
  private final RequestConverter requests;

  public BucketServiceImpl(Coffer coffer) {
    this.coffer = coffer;
    this.requests = RequestConverter.recordingTo(coffer);
  }

  private ObjectStore store() {
    return coffer.as(Callers.current());
  }

  @Override
  public void createBucket(CreateBucketRequest r, StreamObserver<CreateBucketResponse> out) {
    Unary.answer(
        out,
        () -> {
          dev.coffer.engine.CreateBucketRequest request = requests.createBucket(r);
          return CreateBucketResponse.newBuilder()
              .setBucket(ObjectCodec.toProto(store().createBucket(request)))
              .build();
        });
  }

  @Override
  public void listBuckets(ListBucketsRequest r, StreamObserver<ListBucketsResponse> out) {
    Unary.answer(
        out,
        () -> {
          ListBucketsResponse.Builder b = ListBucketsResponse.newBuilder();
          store().listBuckets().forEach(bucket -> b.addBuckets(ObjectCodec.toProto(bucket)));
          return b.build();
        });
  }

  @Override
  public void deleteBucket(DeleteBucketRequest r, StreamObserver<DeleteBucketResponse> out) {
    Unary.run(
        out, DeleteBucketResponse.getDefaultInstance(), () -> store().deleteBucket(r.getBucket()));
  }

  @Override
  public void getBucketEncryption(
      GetBucketEncryptionRequest r, StreamObserver<GetBucketEncryptionResponse> out) {
    Unary.answer(
        out,
        () ->
            GetBucketEncryptionResponse.newBuilder()
                .setEncryption(ObjectCodec.toProto(store().getBucketEncryption(r.getBucket())))
                .build());
  }

  @Override
  public void putBucketEncryption(
      PutBucketEncryptionRequest r, StreamObserver<PutBucketEncryptionResponse> out) {
    Unary.run(
        out,
        PutBucketEncryptionResponse.getDefaultInstance(),
        () -> store().putBucketEncryption(r.getBucket(), requests.putBucketEncryption(r)));
  }

  @Override
  public void getBucketPolicy(
      GetBucketPolicyRequest r, StreamObserver<GetBucketPolicyResponse> out) {
    Unary.answer(
        out,
        () -> {
          GetBucketPolicyResponse.Builder b = GetBucketPolicyResponse.newBuilder();
          store().getBucketPolicy(r.getBucket()).ifPresent(b::setPolicy);
          return b.build();
        });
  }

  @Override
  public void putBucketPolicy(
      PutBucketPolicyRequest r, StreamObserver<PutBucketPolicyResponse> out) {
    Unary.run(
        out,
        PutBucketPolicyResponse.getDefaultInstance(),
        () -> store().putBucketPolicy(r.getBucket(), r.getPolicy()));
  }

  @Override
  public void deleteBucketPolicy(
      DeleteBucketPolicyRequest r, StreamObserver<DeleteBucketPolicyResponse> out) {
    Unary.run(
        out,
        DeleteBucketPolicyResponse.getDefaultInstance(),
        () -> store().deleteBucketPolicy(r.getBucket()));
  }

  @Override
  public void getBucketTagging(
      GetBucketTaggingRequest r, StreamObserver<GetBucketTaggingResponse> out) {
    Unary.answer(
        out,
        () ->
            GetBucketTaggingResponse.newBuilder()
                .putAllTags(store().getBucketTagging(r.getBucket()))
                .build());
  }

  @Override
  public void putBucketTagging(
      PutBucketTaggingRequest r, StreamObserver<PutBucketTaggingResponse> out) {
    Unary.run(
        out,
        PutBucketTaggingResponse.getDefaultInstance(),
        () -> store().putBucketTagging(r.getBucket(), r.getTagsMap()));
  }
}
