package dev.coffer.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.IncorrectKeyException;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyUnavailableException;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.LimitExceededException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.PreconditionFailedException;
import dev.coffer.keystore.ThrottlingException;
import dev.coffer.keystore.audit.AuditIntegrityException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where Coffer's errors meet gRPC statuses, both ways: the server turns a domain
 * exception into a status with a {@code google.rpc.ErrorInfo} detail whose reason is the {@link
 * ErrorCode} name, and the client turns such a status back into the exception the embedded API
 * would have thrown. The table is documented in {@code coffer/api/v1/common.proto}.
 *
 * <p>Messages of domain exceptions are passed on: they are written to name resources, never key
 * material, plaintext or tokens. Anything else becomes INTERNAL with a fixed message, so stack
 * traces, paths and library messages stay on the server, where they are logged (WARNING).
 */
public final class StatusMapper {
  /** The ErrorInfo domain of every Coffer error. */
  public static final String DOMAIN = "coffer.dev";

  private static final Logger LOG = Logger.getLogger(StatusMapper.class.getName());

  /** Reason for calls without acceptable credentials (not an {@link ErrorCode}). */
  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

  /** Reason for failures that are not Coffer's (bugs, library errors). */
  public static final String INTERNAL = "INTERNAL";

  static final String EXPLANATION = "explanation";
  static final String KEY_ARN = "keyArn";

  private StatusMapper() {}

  /** The status code a Coffer error is reported with. */
  public static Status.Code codeOf(ErrorCode code) {
    return switch (code) {
      case ACCESS_DENIED -> Status.Code.PERMISSION_DENIED;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case INVALID_ARGUMENT, INCORRECT_KEY -> Status.Code.INVALID_ARGUMENT;
      case INVALID_STATE,
          PRECONDITION_FAILED,
          KEY_DISABLED,
          KEY_PENDING_DELETION,
          KEY_DESTROYED,
          KEY_VERSION_RETIRED ->
          Status.Code.FAILED_PRECONDITION;
      case INTEGRITY_FAILURE, ROLLBACK_DETECTED, AUDIT_INTEGRITY_FAILURE -> Status.Code.DATA_LOSS;
      case THROTTLED, LIMIT_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case AUDIT_UNAVAILABLE, KEYSTORE_LOCKED, WRONG_ROOT_KEY, STORAGE_FAILURE ->
          Status.Code.UNAVAILABLE;
    };
  }

  /** The status a failed call ends with. */
  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException s) {
      return s;
    }
    if (failure instanceof StatusException s) {
      return s.getStatus().asRuntimeException(s.getTrailers());
    }
    Optional<CofferException> coffer = cofferCause(failure);
    if (coffer.isEmpty()) {
      // The client learns nothing more than "internal error": the operator must, or the failure
      // cannot be diagnosed at all.
      LOG.log(Level.WARNING, "a call failed with an internal error", failure);
      return status(Status.Code.INTERNAL, INTERNAL, "internal error", Map.of());
    }
    CofferException e = coffer.get();
    Map<String, String> metadata = Map.of();
    if (e instanceof AccessDeniedException denied) {
      metadata = Map.of(EXPLANATION, denied.explanation());
    } else if (e instanceof KeyUnavailableException unavailable && unavailable.keyArn() != null) {
      metadata = Map.of(KEY_ARN, unavailable.keyArn());
    }
    return status(codeOf(e.errorCode()), e.errorCode().name(), e.getMessage(), metadata);
  }

  /** The status for a call without acceptable credentials. */
  public static StatusRuntimeException unauthenticated(String message) {
    return status(Status.Code.UNAUTHENTICATED, UNAUTHENTICATED, message, Map.of());
  }

  private static StatusRuntimeException status(
      Status.Code code, String reason, String message, Map<String, String> metadata) {
    ErrorInfo info =
        ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason).putAllMetadata(metadata).build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message == null ? "" : message)
            .addDetails(Any.pack(info))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * The Coffer error behind a failure: itself, or the cause of an I/O failure (object streams
   * report integrity failures as IOExceptions caused by the typed error).
   */
  private static Optional<CofferException> cofferCause(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
      if (t instanceof CofferException e) {
        return Optional.of(e);
      }
      if (!(t instanceof IOException || t instanceof UncheckedIOException)) {
        break;
      }
    }
    return Optional.empty();
  }

  // ---- client side: the status back to the exception

  /** The ErrorInfo of a Coffer status, if it carries one. */
  public static Optional<ErrorInfo> errorInfo(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            return Optional.of(info);
          }
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The exception the embedded API would have thrown for this status: the same class and {@link
   * ErrorCode}, with the server's message. A status without a Coffer reason (transport failures,
   * deadlines, a server that is not Coffer) comes back as the {@link StatusRuntimeException}.
   */
  public static RuntimeException toException(StatusRuntimeException failure) {
    Optional<ErrorInfo> info = errorInfo(failure);
    if (info.isEmpty()) {
      return failure;
    }
    String message = failure.getStatus().getDescription();
    Optional<ErrorCode> code = errorCode(info.get().getReason());
    if (code.isEmpty()) {
      return failure;
    }
    Map<String, String> md = info.get().getMetadataMap();
    return switch (code.get()) {
      case ACCESS_DENIED ->
          new AccessDeniedException(message, md.getOrDefault(EXPLANATION, message));
      case NOT_FOUND -> new NotFoundException(message);
      case ALREADY_EXISTS -> new AlreadyExistsException(message);
      case INVALID_ARGUMENT -> new InvalidArgumentException(message);
      case INCORRECT_KEY -> new IncorrectKeyException(message);
      case INVALID_STATE -> new InvalidStateException(message);
      case PRECONDITION_FAILED -> new PreconditionFailedException(message);
      case KEY_DISABLED, KEY_PENDING_DELETION, KEY_DESTROYED, KEY_VERSION_RETIRED ->
          new KeyUnavailableException(code.get(), md.get(KEY_ARN), message);
      case INTEGRITY_FAILURE -> new InvalidCiphertextException(message);
      case THROTTLED -> new ThrottlingException(message);
      case LIMIT_EXCEEDED -> new LimitExceededException(message);
      case AUDIT_UNAVAILABLE -> new AuditUnavailableException(message);
      case AUDIT_INTEGRITY_FAILURE -> new AuditIntegrityException(message);
      case KEYSTORE_LOCKED, WRONG_ROOT_KEY, ROLLBACK_DETECTED, STORAGE_FAILURE ->
          new KeystoreUnavailableException(code.get(), message);
    };
  }

  private static Optional<ErrorCode> errorCode(String reason) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(reason)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
