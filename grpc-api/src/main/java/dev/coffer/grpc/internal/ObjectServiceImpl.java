package dev.coffer.grpc.internal;

import dev.coffer.api.v1.CopyObjectRequest;
import dev.coffer.api.v1.CopyObjectResponse;
import dev.coffer.api.v1.DeleteObjectRequest;
import dev.coffer.api.v1.DeleteObjectResponse;
import dev.coffer.api.v1.GetObjectRequest;
import dev.coffer.api.v1.GetObjectResponse;
import dev.coffer.api.v1.HeadObjectRequest;
import dev.coffer.api.v1.HeadObjectResponse;
import dev.coffer.api.v1.ListObjectsRequest;
import dev.coffer.api.v1.ListObjectsResponse;
import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.PutObjectRequest;
import dev.coffer.api.v1.PutObjectResponse;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** ObjectService: the embedded object operations as the authenticated caller, streamed. */
public final class ObjectServiceImpl extends ObjectServiceGrpc.ObjectServiceImplBase {
  private final Coffer coffer;
  private final Executor io;
  private final Executor downloads;
  private final RequestConverter requests;

  /**
   * @param io runs the engine's blocking puts, which read from the stream that the call's own
   *     executor feeds
   * @param downloads runs the rest of a GetObject larger than one message, when the call itself
   *     runs on a transport thread (else a direct executor: the call is on a pool already)
   */
  public ObjectServiceImpl(Coffer coffer, Executor io, Executor downloads) {
    this.coffer = coffer;
    this.io = io;
    this.downloads = downloads;
    this.requests = RequestConverter.recordingTo(coffer);
  }

  private ObjectStore store() {
    return coffer.as(Callers.current());
  }

  @Override
  public StreamObserver<PutObjectRequest> putObject(StreamObserver<PutObjectResponse> out) {
    return new PutObjectCall(
            (ServerCallStreamObserver<PutObjectResponse>) out, store(), io, requests)
        .start();
  }

  @Override
  public void getObject(GetObjectRequest r, StreamObserver<GetObjectResponse> out) {
    if (Context.current().isCancelled()) {
      return;
    }
    ObjectContent content;
    try {
      content = store().getObject(requests.getObject(r));
    } catch (RuntimeException e) {
      out.onError(StatusMapper.toStatus(e));
      return;
    }
    new GetObjectCall((ServerCallStreamObserver<GetObjectResponse>) out, content, downloads)
        .start();
  }

  @Override
  public void headObject(HeadObjectRequest r, StreamObserver<HeadObjectResponse> out) {
    Unary.answer(
        out,
        () ->
            HeadObjectResponse.newBuilder()
                .setObject(ObjectCodec.toProto(store().headObject(r.getBucket(), r.getKey())))
                .build());
  }

  @Override
  public void deleteObject(DeleteObjectRequest r, StreamObserver<DeleteObjectResponse> out) {
    Unary.run(
        out,
        DeleteObjectResponse.getDefaultInstance(),
        () -> store().deleteObject(r.getBucket(), r.getKey()));
  }

  @Override
  public void listObjects(ListObjectsRequest r, StreamObserver<ListObjectsResponse> out) {
    Unary.answer(out, () -> ObjectCodec.toProto(store().listObjects(requests.listObjects(r))));
  }

  @Override
  public void copyObject(CopyObjectRequest r, StreamObserver<CopyObjectResponse> out) {
    Unary.answer(
        out,
        () ->
            CopyObjectResponse.newBuilder()
                .setObject(ObjectCodec.toProto(store().copyObject(requests.copyObject(r))))
                .build());
  }
}
