package dev.coffer.grpc.client;

import dev.coffer.api.v1.AuditEvent;
import dev.coffer.api.v1.AuditServiceGrpc;
import dev.coffer.api.v1.GetDigestPublicKeyRequest;
import dev.coffer.api.v1.GetDigestPublicKeyResponse;
import dev.coffer.api.v1.QueryAuditEventsResponse;
import dev.coffer.api.v1.VerifyAuditLogRequest;
import dev.coffer.grpc.internal.AuditCodec;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.audit.AuditTrail;
import dev.coffer.keystore.audit.VerificationReport;
import io.grpc.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sidecar's audit log, read through its AuditService: the reading half of the embedded {@link
 * dev.coffer.keystore.audit.AuditLog}, with the same names, query and result types. Every call
 * needs the {@code coffer:ReadAuditLog} permission (the account root and administrators have it);
 * without it, calls throw {@link dev.coffer.keystore.AccessDeniedException}. A server whose store
 * keeps no audit log answers with {@link dev.coffer.keystore.AuditUnavailableException}.
 *
 * <pre>{@code
 * AuditPage page = client.audit().query(AuditQuery.builder().outcome(AuditOutcome.DENIED).build());
 * VerificationReport report = client.audit().verify();
 * }</pre>
 */
public final class RemoteAuditLog implements AuditTrail {
  private final CofferClient client;

  RemoteAuditLog(CofferClient client) {
    this.client = client;
  }

  private AuditServiceGrpc.AuditServiceBlockingStub audit() {
    return client.withDeadline(AuditServiceGrpc.newBlockingStub(client.channel()));
  }

  /** Events matching the query, a page at a time, as {@code AuditLog.query}. */
  @Override
  public AuditPage query(AuditQuery query) {
    List<AuditRecord> records = new ArrayList<>();
    String[] token = {null};
    stream(
        AuditCodec.toProto(query, query.limit()),
        true,
        message -> {
          message.getEventsList().forEach(e -> records.add(AuditCodec.fromProto(e)));
          if (!message.getResumeToken().isEmpty()) {
            token[0] = message.getResumeToken();
          }
        });
    return new AuditPage(records, Optional.ofNullable(token[0]));
  }

  /**
   * Writes every event matching the query's filters, in its order, as JSON lines in CloudTrail's
   * shape, as {@code AuditLog.export}; the query's page size and token are ignored. The events
   * stream from the server as they are written, without a deadline.
   *
   * @return the number of events written
   * @throws UncheckedIOException if {@code out} fails
   */
  @Override
  public long export(AuditQuery query, Appendable out) {
    long[] count = {0};
    stream(
        AuditCodec.toProto(query.withLimit(1), 0),
        false,
        message -> {
          for (AuditEvent e : message.getEventsList()) {
            try {
              out.append(AuditCodec.fromProto(e).toJson()).append('\n');
            } catch (IOException failure) {
              throw new UncheckedIOException(failure);
            }
            count[0]++;
          }
        });
    return count[0];
  }

  private void stream(
      dev.coffer.api.v1.QueryAuditEventsRequest request,
      boolean deadline,
      Consumer<QueryAuditEventsResponse> each) {
    // A cancellable context, so that a reader that stops early (its Appendable failed) ends the
    // call instead of leaving it open.
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(
          () ->
              Calls.run(
                  () -> {
                    AuditServiceGrpc.AuditServiceBlockingStub stub =
                        AuditServiceGrpc.newBlockingStub(client.channel());
                    if (deadline) {
                      stub =
                          stub.withDeadlineAfter(
                              client.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    }
                    Iterator<QueryAuditEventsResponse> replies = stub.queryAuditEvents(request);
                    while (replies.hasNext()) {
                      each.accept(replies.next());
                    }
                  }));
    } finally {
      context.cancel(null);
    }
  }

  /**
   * Recomputes the whole chain and checks every digest's signature, and that the log still reaches
   * the head the keystore remembers, as {@code AuditLog.verify()}. A damaged log is not an
   * exception: the report names the first problem.
   */
  @Override
  public VerificationReport verify() {
    return Calls.call(
        () ->
            AuditCodec.fromProto(
                audit().verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance())));
  }

  /** Verifies records {@code first} to {@code last}, as {@code AuditLog.verify(first, last)}. */
  @Override
  public VerificationReport verify(long first, long last) {
    return Calls.call(
        () ->
            AuditCodec.fromProto(
                audit()
                    .verifyAuditLog(
                        VerifyAuditLogRequest.newBuilder()
                            .setFirstSequence(first)
                            .setLastSequence(last)
                            .build())));
  }

  /** The digest-signing public key, as an X.509 PEM block, for any Ed25519 verifier. */
  @Override
  public String publicKeyPem() {
    return publicKey().getPublicKeyPem();
  }

  /** The digest-signing public key as a Tink public keyset in JSON. */
  @Override
  public String publicKeysetJson() {
    return publicKey().getPublicKeysetJson();
  }

  private GetDigestPublicKeyResponse publicKey() {
    return Calls.call(
        () -> audit().getDigestPublicKey(GetDigestPublicKeyRequest.getDefaultInstance()));
  }

  @Override
  public String toString() {
    return "RemoteAuditLog[" + client + "]";
  }
}
