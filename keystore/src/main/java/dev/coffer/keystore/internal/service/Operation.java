package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AccessDecision;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AccessRequest;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.internal.model.MasterKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One keystore call from start to audit record. The body names what it touches (key, version,
 * context, parameters) and asks for authorization; {@link #run} then appends exactly one audit
 * event, whether the body succeeded, was denied or failed, and withholds the result if the event
 * cannot be written (fail closed).
 */
final class Operation {
  private final KeystoreCore core;
  private final Caller caller;
  private final KmsAction action;
  private final Instant time;
  private String keyArn;
  private int keyVersion;
  private EncryptionContext context = EncryptionContext.empty();
  private EncryptionContext sourceContext;
  private String firstKeyArn;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private final Map<String, List<String>> conditionKeys = new LinkedHashMap<>();
  private String explanation;

  private Operation(KeystoreCore core, Caller caller, KmsAction action) {
    this.core = core;
    this.caller = caller;
    this.action = action;
    this.time = core.clock.instant();
  }

  static <T> T run(
      KeystoreCore core, Caller caller, KmsAction action, Function<Operation, T> body) {
    // Before the audit record too: a closed keystore's log is closed, and "audit unavailable"
    // would hide the reason.
    core.store.ensureOpen();
    Operation op = new Operation(core, caller, action);
    T result;
    try {
      result = body.apply(op);
    } catch (CofferException e) {
      if (e instanceof AccessDeniedException && op.explanation == null) {
        // Refused by a rule of the operation itself (who may retire a grant), not the authorizer.
        op.explanation = e.getMessage();
      }
      op.record(
          e instanceof AccessDeniedException ? AuditOutcome.DENIED : AuditOutcome.ERROR,
          e.errorCode(),
          e.getMessage(),
          e);
      throw e;
    } catch (RuntimeException e) {
      // A bug, not a user error: record that the call failed, without internal detail.
      op.record(AuditOutcome.ERROR, null, "internal error", e);
      throw e;
    }
    try {
      op.record(AuditOutcome.ALLOWED, null, null, null);
    } catch (AuditUnavailableException e) {
      if (result instanceof AutoCloseable closeable) {
        closeQuietly(closeable);
      }
      throw e;
    }
    return result;
  }

  /**
   * Runs {@code body} on the key the caller named, once that key is resolved, recorded in the event
   * and authorized for this operation's action.
   */
  static <T> T onKey(
      KeystoreCore core,
      Caller caller,
      KmsAction action,
      String keyId,
      BiFunction<Operation, MasterKey, T> body) {
    return onKey(core, caller, action, keyId, Map.of(), body);
  }

  /**
   * Like {@link #onKey(KeystoreCore, Caller, KmsAction, String, BiFunction)}, recording the
   * request's other parameters first, so that a denied call's record has them too.
   */
  static <T> T onKey(
      KeystoreCore core,
      Caller caller,
      KmsAction action,
      String keyId,
      Map<String, String> parameters,
      BiFunction<Operation, MasterKey, T> body) {
    return run(
        core,
        caller,
        action,
        op -> {
          op.parameters.putAll(parameters);
          MasterKey key = core.resolve(keyId);
          op.namedBy(keyId).key(key);
          op.authorize(key);
          return body.apply(op, key);
        });
  }

  /** Records an event the keystore caused itself, such as a scheduled rotation. */
  static void recordSystemEvent(
      KeystoreCore core, KmsAction action, MasterKey key, Map<String, String> parameters) {
    Operation op = new Operation(core, KeystoreCore.SYSTEM, action);
    op.key(key);
    op.parameters.putAll(parameters);
    op.explanation = "performed by the keystore itself";
    op.record(AuditOutcome.ALLOWED, null, null, null);
  }

  /** The key acted on; for ReEncrypt first the source, then the destination (the event's key). */
  Operation key(MasterKey key) {
    this.keyArn = core.arn(key);
    if (firstKeyArn == null) {
      firstKeyArn = keyArn;
    }
    return this;
  }

  Operation version(int version) {
    this.keyVersion = version;
    return this;
  }

  Operation context(EncryptionContext context) {
    this.context = context;
    return this;
  }

  /** ReEncrypt: the context of the ciphertext being decrypted, once the destination's is set. */
  Operation sourceContext(EncryptionContext context) {
    this.sourceContext = context;
    return this;
  }

  Operation parameter(String name, String value) {
    parameters.put(name, value);
    return this;
  }

  /** A condition key of this request for policies, such as {@code kms:GrantOperations}. */
  Operation conditionKey(String name, List<String> values) {
    conditionKeys.put(name, values);
    return this;
  }

  /**
   * The tags a request sets, as {@code aws:RequestTag/<key>} and {@code aws:TagKeys}. Condition key
   * names are case-insensitive, so tags differing only in case share one key with both values.
   */
  Operation requestTags(Map<String, String> tags) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    tags.forEach(
        (k, v) ->
            byName
                .computeIfAbsent(
                    "aws:RequestTag/" + k.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .add(v));
    conditionKeys.putAll(byName);
    conditionKeys.put("aws:TagKeys", List.copyOf(tags.keySet()));
    return this;
  }

  /**
   * Records how the caller named the key (request parameter {@code keyId}, or {@code
   * destinationKeyId} for ReEncrypt): an alias also sets {@code kms:RequestAlias}.
   */
  Operation namedBy(String keyRef) {
    parameters.putIfAbsent(action == KmsAction.RE_ENCRYPT ? "destinationKeyId" : "keyId", keyRef);
    core.names
        .parse(keyRef)
        .aliasName()
        .ifPresent(alias -> conditionKeys.put("kms:RequestAlias", List.of(alias)));
    return this;
  }

  /** Why a rule of the operation itself (not the authorizer) let it proceed, for the record. */
  Operation explain(String why) {
    explanation = explanation == null ? why : explanation + "; " + why;
    return this;
  }

  /** Authorizes this operation's own action on {@code key} ({@code null}: on the account). */
  void authorize(MasterKey key) {
    authorize(action, key);
  }

  /**
   * Authorizes {@code checked} on {@code key}, with this operation's context.
   *
   * @throws AccessDeniedException with the decision's explanation
   */
  void authorize(KmsAction checked, MasterKey key) {
    authorize(
        checked.iamAction(),
        key == null ? "*" : core.arn(key),
        key == null ? Optional.empty() : Optional.of(key.id().toString()));
  }

  /**
   * Authorizes an IAM action on a resource, with this operation's context and condition keys.
   *
   * @throws AccessDeniedException with the decision's explanation
   */
  void authorize(String iamAction, String resource, Optional<String> keyId) {
    AccessRequest request =
        new AccessRequest(caller, iamAction, resource, keyId, context, conditionKeys);
    AccessDecision decision = core.authorizer.authorize(request);
    explanation =
        explanation == null ? decision.explanation() : explanation + "; " + decision.explanation();
    if (!decision.allowed()) {
      throw new AccessDeniedException(
          caller.principal()
              + " is not authorized to perform "
              + iamAction
              + " on "
              + resource
              + ": "
              + decision.explanation(),
          decision.explanation());
    }
  }

  private void record(
      AuditOutcome outcome, ErrorCode errorCode, String errorMessage, RuntimeException error) {
    AuditEvent event =
        new AuditEvent(
            time,
            "keystore",
            action.eventName(),
            caller,
            action.readOnly(),
            Optional.ofNullable(keyArn),
            keyVersion > 0 ? OptionalInt.of(keyVersion) : OptionalInt.empty(),
            context,
            parameters,
            outcome,
            Optional.ofNullable(errorCode),
            Optional.ofNullable(errorMessage),
            Optional.ofNullable(explanation),
            resources(),
            Optional.ofNullable(sourceContext));
    try {
      core.audit.append(event);
    } catch (RuntimeException e) {
      AuditUnavailableException unavailable =
          new AuditUnavailableException(
              "audit log unavailable: " + action.eventName() + " was refused", e);
      if (error != null && errorCode != ErrorCode.AUDIT_UNAVAILABLE) {
        unavailable.addSuppressed(error);
      }
      throw unavailable;
    }
  }

  /** The keys acted on: one, or for ReEncrypt between two keys, the source and destination. */
  private List<String> resources() {
    if (keyArn == null) {
      return List.of();
    }
    return firstKeyArn.equals(keyArn) ? List.of(keyArn) : List.of(firstKeyArn, keyArn);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Zeroing plaintext cannot fail; other resources are best effort here.
    }
  }
}
