package dev.coffer.cli;

import dev.coffer.keystore.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping from outcomes to process exit codes. Scripts branch on these numbers, so they
 * never change meaning; {@code coffer --help} lists them from {@link #descriptions()}.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int INTERNAL_ERROR = 1;
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int ACCESS_DENIED = 4;
  static final int INTEGRITY_FAILURE = 5;
  static final int KEY_UNAVAILABLE = 6;
  static final int THROTTLED = 7;
  static final int AUDIT_UNAVAILABLE = 8;
  static final int CONFLICT = 9;
  static final int KEYSTORE_UNAVAILABLE = 10;
  static final int AUDIT_LOG_INVALID = 11;
  static final int JOB_DID_NOT_SUCCEED = 12;
  static final int SERVER_UNREACHABLE = 13;
  static final int FILE_IO_FAILED = 14;

  /**
   * {@code archive create} wrote a valid archive, but files changed while they were read and are in
   * it as read (tar's "file changed as we read it", its exit 1, which here means a bug).
   */
  static final int FILES_CHANGED_WHILE_READ = 15;

  /**
   * Standard output closed before everything was written, as under {@code | head}: 128 + SIGPIPE,
   * what a shell shows for a program that the signal ends (the JVM ignores it and sees EPIPE).
   */
  static final int CLOSED_PIPE = 141;

  private ExitCodes() {}

  /** The exit code of a failure. No default branch: a new error code must be placed here. */
  static int of(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, LIMIT_EXCEEDED -> USAGE;
      case NOT_FOUND -> NOT_FOUND;
      case ACCESS_DENIED -> ACCESS_DENIED;
      case INTEGRITY_FAILURE, INCORRECT_KEY, ROLLBACK_DETECTED -> INTEGRITY_FAILURE;
      case KEY_DISABLED, KEY_PENDING_DELETION, KEY_DESTROYED, KEY_VERSION_RETIRED ->
          KEY_UNAVAILABLE;
      case THROTTLED -> THROTTLED;
      case AUDIT_UNAVAILABLE -> AUDIT_UNAVAILABLE;
      case ALREADY_EXISTS, INVALID_STATE, PRECONDITION_FAILED -> CONFLICT;
      case KEYSTORE_LOCKED, WRONG_ROOT_KEY, STORAGE_FAILURE -> KEYSTORE_UNAVAILABLE;
      case AUDIT_INTEGRITY_FAILURE -> AUDIT_LOG_INVALID;
    };
  }

  /** Code to description, in order, for the help's "Exit codes" section. */
  static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(label(OK), "success");
    codes.put(label(INTERNAL_ERROR), "internal error (rerun with --debug for the stack trace)");
    codes.put(label(USAGE), "usage error: bad option or argument, limit exceeded");
    codes.put(label(NOT_FOUND), "not found: bucket, object, key, alias, version, file, data dir");
    codes.put(label(ACCESS_DENIED), "access denied to the --as principal, or to a file");
    codes.put(
        label(INTEGRITY_FAILURE),
        "integrity failure: data altered, wrong context or key, rollback");
    codes.put(
        label(KEY_UNAVAILABLE), "key unavailable: disabled, pending deletion, destroyed, retired");
    codes.put(label(THROTTLED), "throttled: request quota exceeded, retry later");
    codes.put(label(AUDIT_UNAVAILABLE), "audit unavailable: the operation was refused");
    codes.put(label(CONFLICT), "conflict: exists, not allowed now, a put's condition failed");
    codes.put(
        label(KEYSTORE_UNAVAILABLE),
        "keystore unavailable: in use, wrong root key, storage failure");
    codes.put(
        label(AUDIT_LOG_INVALID), "audit log failed verification: altered, reordered, cut back");
    codes.put(label(JOB_DID_NOT_SUCCEED), "a waited-for job failed or was cancelled");
    codes.put(label(SERVER_UNREACHABLE), "--server: unreachable, TLS failed or token refused");
    codes.put(label(FILE_IO_FAILED), "a file or stream failed: disk full, read-only, I/O error");
    codes.put(
        label(FILES_CHANGED_WHILE_READ),
        "archive create: written, but files changed or vanished as they were read");
    codes.put(label(CLOSED_PIPE), "standard output closed early (as by | head); no message");
    return codes;
  }

  private static String label(int code) {
    return String.format("%3d", code);
  }
}
