package dev.coffer.engine.internal.ops;

import dev.coffer.engine.internal.EngineCore;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * One engine call from start to audit record, as the keystore's Operation is for keystore calls:
 * the body names what it touches, and {@link #run} appends exactly one event (source {@code
 * engine}), allowed, denied or failed, and withholds the result if the event cannot be written.
 *
 * <p>The event's resources are what its parameters name, as in CloudTrail's S3 data events: the
 * object ({@code bucket} and {@code key}) and its bucket, a copy's source object and bucket first,
 * then the KMS key used.
 */
public final class EngineOperation {
  private final EngineCore core;
  private final Caller caller;
  private final String eventName;
  private final boolean readOnly;
  private final Instant time;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private String keyArn;
  private int keyVersion;
  private EncryptionContext context = EncryptionContext.empty();
  private String explanation;
  private volatile boolean returned;

  private EngineOperation(EngineCore core, Caller caller, String eventName, boolean readOnly) {
    this.core = core;
    this.caller = caller;
    this.eventName = eventName;
    this.readOnly = readOnly;
    this.time = core.clock().instant();
  }

  public static <T> T run(
      EngineCore core,
      Caller caller,
      String eventName,
      boolean readOnly,
      Function<EngineOperation, T> body) {
    // After close the audit log is closed too: without this, every call would fail with
    // AUDIT_UNAVAILABLE (its record refused) and the real reason only suppressed under it.
    core.db().checkOpen();
    EngineOperation op = new EngineOperation(core, caller, eventName, readOnly);
    T result;
    try {
      result = body.apply(op);
    } catch (CofferException e) {
      op.record(
          e instanceof AccessDeniedException ? AuditOutcome.DENIED : AuditOutcome.ERROR,
          e.errorCode(),
          e.getMessage(),
          e);
      throw e;
    } catch (UncheckedIOException e) {
      // Mostly the caller's own input stream failing during a put: not Coffer's internal error.
      // A stream that failed for a reason of Coffer's own kind (the sidecar refusing an upload's
      // message) says which, and the record keeps its code.
      op.record(
          AuditOutcome.ERROR,
          e.getCause().getCause() instanceof CofferException typed ? typed.errorCode() : null,
          e.getMessage(),
          e);
      throw e;
    } catch (RuntimeException e) {
      op.record(AuditOutcome.ERROR, null, "internal error", e);
      throw e;
    }
    try {
      op.record(AuditOutcome.ALLOWED, null, null, null);
    } catch (AuditUnavailableException e) {
      if (result instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // Closing a stream we are withholding cannot make things worse.
        }
      }
      throw e;
    }
    op.returned = true;
    return result;
  }

  /**
   * Records a failure met after the operation returned its result and its record: a GetObject
   * stream that cannot read or authenticate a later segment. The trail then shows the read that was
   * allowed and, after it, that it broke off and where. Before that (a CopyObject reading its
   * source inside its own body) the failure reaches {@link #run}, which records it as the
   * operation's outcome, so this does nothing.
   *
   * @param atByte offset in the object of the segment that failed
   * @throws AuditUnavailableException if the record cannot be written
   */
  void failedAfterReturning(CofferException failure, long atByte) {
    if (!returned || core.db().isClosed()) {
      // A stream read after the store closed fails for that reason alone, and the log is closed.
      return;
    }
    Map<String, String> afterwards = new LinkedHashMap<>(parameters);
    afterwards.put("failedAtByte", Long.toString(atByte));
    record(
        core.clock().instant(),
        afterwards,
        AuditOutcome.ERROR,
        failure.errorCode(),
        failure.getMessage(),
        failure);
  }

  public Caller caller() {
    return caller;
  }

  public EngineOperation parameter(String name, String value) {
    parameters.put(name, value);
    return this;
  }

  /**
   * Sets a parameter that the operation has not set already (CopyObject names its target first).
   */
  EngineOperation parameterIfAbsent(String name, String value) {
    parameters.putIfAbsent(name, value);
    return this;
  }

  public EngineOperation key(String arn, int version) {
    this.keyArn = arn;
    this.keyVersion = version;
    return this;
  }

  /** The key version named by {@link #key}, 0 if none yet. */
  int keyVersion() {
    return keyVersion;
  }

  public EngineOperation context(EncryptionContext context) {
    this.context = context;
    return this;
  }

  /** Adds an access decision's explanation to the event. */
  public void explained(String why) {
    explanation = explanation == null ? why : explanation + "; " + why;
  }

  private List<String> resources() {
    List<String> arns = new ArrayList<>(5);
    named(arns, parameters.get("sourceBucket"), parameters.get("sourceKey"));
    named(arns, parameters.get("bucket"), parameters.get("key"));
    if (keyArn != null) {
      arns.add(keyArn);
    }
    return arns;
  }

  private static void named(List<String> arns, String bucket, String key) {
    if (bucket == null) {
      return;
    }
    if (key != null) {
      arns.add(EngineCore.objectArn(bucket, key));
    }
    String bucketArn = EngineCore.bucketArn(bucket);
    if (!arns.contains(bucketArn)) {
      arns.add(bucketArn);
    }
  }

  private void record(
      AuditOutcome outcome, ErrorCode code, String message, RuntimeException error) {
    if (error instanceof AccessDeniedException denied) {
      explained(denied.explanation());
    }
    record(time, parameters, outcome, code, message, error);
  }

  private void record(
      Instant when,
      Map<String, String> parameters,
      AuditOutcome outcome,
      ErrorCode code,
      String message,
      RuntimeException error) {
    AuditEvent event =
        new AuditEvent(
            when,
            "engine",
            eventName,
            caller,
            readOnly,
            Optional.ofNullable(keyArn),
            keyVersion > 0 ? OptionalInt.of(keyVersion) : OptionalInt.empty(),
            context,
            parameters,
            outcome,
            Optional.ofNullable(code),
            Optional.ofNullable(message),
            Optional.ofNullable(explanation),
            resources(),
            Optional.empty());
    try {
      core.keystore().audit(event);
    } catch (AuditUnavailableException e) {
      if (error != null && code != ErrorCode.AUDIT_UNAVAILABLE) {
        e.addSuppressed(error);
      }
      throw e;
    }
  }
}
