package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.grpc.internal.StatusMapper;
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
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one mapping, both ways: every error code survives the wire as the same exception. */
class StatusMapperTest {
  static CofferException exampleOf(ErrorCode code) {
    return switch (code) {
      case ACCESS_DENIED -> new AccessDeniedException("denied: x", "no statement allows x");
      case NOT_FOUND -> new NotFoundException("no such thing");
      case ALREADY_EXISTS -> new AlreadyExistsException("exists");
      case INVALID_ARGUMENT -> new InvalidArgumentException("bad");
      case INVALID_STATE -> new InvalidStateException("not now");
      case PRECONDITION_FAILED -> new PreconditionFailedException("changed since");
      case KEY_DISABLED, KEY_PENDING_DELETION, KEY_DESTROYED, KEY_VERSION_RETIRED ->
          new KeyUnavailableException(code, "arn:aws:kms:local:000000000000:key/k", "unavailable");
      case INTEGRITY_FAILURE -> new InvalidCiphertextException();
      case INCORRECT_KEY -> new IncorrectKeyException("other key");
      case THROTTLED -> new ThrottlingException("slow down");
      case AUDIT_UNAVAILABLE -> new AuditUnavailableException("log down");
      case AUDIT_INTEGRITY_FAILURE -> new AuditIntegrityException("log cut back");
      case KEYSTORE_LOCKED, WRONG_ROOT_KEY, ROLLBACK_DETECTED, STORAGE_FAILURE ->
          new KeystoreUnavailableException(code, "keystore trouble");
      case LIMIT_EXCEEDED -> new LimitExceededException("too many");
    };
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyErrorCode_comesBackAsTheSameExceptionClassCodeAndMessage(ErrorCode code) {
    CofferException original = exampleOf(code);
    StatusRuntimeException wire = StatusMapper.toStatus(original);
    assertThat(wire.getStatus().getCode()).isEqualTo(StatusMapper.codeOf(code));
    assertThat(StatusMapper.errorInfo(wire).orElseThrow().getReason()).isEqualTo(code.name());
    RuntimeException back = StatusMapper.toException(wire);
    assertThat(back).isExactlyInstanceOf(original.getClass());
    assertThat(((CofferException) back).errorCode()).isEqualTo(code);
    assertThat(back.getMessage()).isEqualTo(original.getMessage());
  }

  @Test
  void theIssuesTable_holds() {
    assertThat(StatusMapper.codeOf(ErrorCode.ACCESS_DENIED))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(StatusMapper.codeOf(ErrorCode.NOT_FOUND)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusMapper.codeOf(ErrorCode.KEY_DISABLED))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusMapper.codeOf(ErrorCode.KEY_PENDING_DELETION))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusMapper.codeOf(ErrorCode.KEY_DESTROYED))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusMapper.codeOf(ErrorCode.THROTTLED)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMapper.codeOf(ErrorCode.INVALID_ARGUMENT))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapper.codeOf(ErrorCode.INTEGRITY_FAILURE)).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(StatusMapper.codeOf(ErrorCode.AUDIT_UNAVAILABLE)).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void accessDenied_carriesItsExplanation_andKeyErrors_theirKeyArn() {
    AccessDeniedException back =
        (AccessDeniedException)
            StatusMapper.toException(StatusMapper.toStatus(exampleOf(ErrorCode.ACCESS_DENIED)));
    assertThat(back.explanation()).isEqualTo("no statement allows x");
    KeyUnavailableException key =
        (KeyUnavailableException)
            StatusMapper.toException(StatusMapper.toStatus(exampleOf(ErrorCode.KEY_DESTROYED)));
    assertThat(key.keyArn()).isEqualTo("arn:aws:kms:local:000000000000:key/k");
  }

  @Test
  void anIntegrityFailureInsideAnIoException_isStillAnIntegrityFailure() {
    IOException streamed = new IOException("segment 3", new InvalidCiphertextException());
    assertThat(StatusMapper.toStatus(streamed).getStatus().getCode())
        .isEqualTo(Status.Code.DATA_LOSS);
    assertThat(StatusMapper.toStatus(new UncheckedIOException(streamed)).getStatus().getCode())
        .isEqualTo(Status.Code.DATA_LOSS);
  }

  @Test
  void anythingElse_isInternal_withoutItsMessageOrStack() {
    StatusRuntimeException wire =
        StatusMapper.toStatus(new IllegalStateException("secret at /home/x/root.key: AKIA..."));
    assertThat(wire.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(wire.getStatus().getDescription()).isEqualTo("internal error");
    assertThat(wire.getStatus().getCause()).isNull();
    assertThat(StatusMapper.errorInfo(wire).orElseThrow().getReason()).isEqualTo("INTERNAL");
    assertThat(StatusMapper.toStatus(new IOException("/etc/secret")).getStatus().getDescription())
        .isEqualTo("internal error");
  }

  @Test
  void anUnexpectedFailure_isLoggedOnTheServerWithItsStack_whileTheClientGetsOnlyInternalError() {
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(StatusMapper.class.getName());
    java.util.List<java.util.logging.LogRecord> records =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      IllegalStateException bug = new IllegalStateException("a bug");
      StatusRuntimeException wire = StatusMapper.toStatus(bug);
      assertThat(wire.getStatus().getDescription()).isEqualTo("internal error");
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
      assertThat(records.get(0).getThrown()).isSameAs(bug);

      // Coffer's own errors are answers, not server faults: nothing is logged for them.
      StatusMapper.toStatus(exampleOf(ErrorCode.NOT_FOUND));
      StatusMapper.toStatus(new IOException("segment 3", new InvalidCiphertextException()));
      assertThat(records).hasSize(1);
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aStatusWithoutCofferDetails_staysAStatusException() {
    StatusRuntimeException plain = Status.DEADLINE_EXCEEDED.asRuntimeException();
    assertThat(StatusMapper.toException(plain)).isSameAs(plain);
  }
}
