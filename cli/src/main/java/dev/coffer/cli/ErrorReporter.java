package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.policy.PolicyLockoutException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one message on standard error and an exit code from {@link ExitCodes}.
 * CofferException messages never carry secrets, and nothing else adds any: no stack trace unless
 * debugging is asked for.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** The JSON {@code code} of failures that are not CofferExceptions. */
  static final String INTERNAL = "INTERNAL";

  private final Host host;
  private final BooleanSupplier json;
  private final BooleanSupplier debug;
  private final BooleanSupplier plaintext;

  ErrorReporter(Host host, BooleanSupplier json, BooleanSupplier debug) {
    this(host, json, debug, () -> false);
  }

  /**
   * @param plaintext whether --plaintext was given, to tell a TLS server dropping a plaintext
   *     connection from other failures
   */
  ErrorReporter(Host host, BooleanSupplier json, BooleanSupplier debug, BooleanSupplier plaintext) {
    this.host = host;
    this.json = json;
    this.debug = debug;
    this.plaintext = plaintext;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    if (closedPipe(e)) {
      // Whoever closed the pipe has what it wanted; a message would only clutter the terminal.
      if (debug.getAsBoolean()) {
        e.printStackTrace(host.err());
      }
      return ExitCodes.CLOSED_PIPE;
    }
    CofferException typed = typedCause(e);
    if (typed != null) {
      e = typed;
    }
    if (e instanceof CofferException failure) {
      String message = failure.getMessage();
      if (e instanceof PolicyLockoutException) {
        message += " (--bypass-policy-lockout-safety-check)";
      }
      if (failure.errorCode() == ErrorCode.KEYSTORE_LOCKED) {
        // Most often `coffer serve` holds the directory: its callers share it through the sidecar.
        message += "; if `coffer serve` has it open, work through it with --server HOST:PORT";
      }
      if (e instanceof AuditIntegrityException refused && refused.report().isPresent()) {
        // Raised here only by an open the damaged log refused (`audit verify` reports its own).
        message +=
            "; `coffer audit recover` sets the damaged log aside as evidence and begins a new"
                + " one (see README, \"The audit log\")";
      }
      report(failure.errorCode().name(), message, e);
      return ExitCodes.of(failure.errorCode());
    }
    StatusRuntimeException transport = transportFailure(e);
    if (transport != null) {
      reportTransport(transport, e);
      return ExitCodes.SERVER_UNREACHABLE;
    }
    java.nio.file.AccessDeniedException denied = fileAccessDenied(e);
    if (denied != null) {
      // As for a put of an unreadable file: the file system, not a bug, said no.
      String message = e.getMessage();
      // The JDK's own says only the path; one that wraps it says more.
      if (message == null || (e == denied && e.getCause() == null)) {
        message = "permission denied: " + denied.getFile();
      }
      report(ErrorCode.ACCESS_DENIED.name(), message, e);
      return ExitCodes.ACCESS_DENIED;
    }
    if (e instanceof UncheckedIOException || e instanceof IOException) {
      // The file system or a stream failed (a full disk, a read-only mount), not Coffer.
      report("IO_FAILURE", e.getMessage(), e);
      return ExitCodes.FILE_IO_FAILED;
    }
    String message = "internal error: " + e.getClass().getSimpleName();
    if (e.getMessage() != null) {
      message += ": " + e.getMessage();
    }
    if (!debug.getAsBoolean() && !json.getAsBoolean()) {
      message += " (rerun with --debug for the stack trace)";
    }
    report(INTERNAL, message, e);
    return ExitCodes.INTERNAL_ERROR;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    if (json.getAsBoolean() || List.of(args).contains("--json")) {
      host.err().println(errorJson(ErrorCode.INVALID_ARGUMENT.name(), e.getMessage()));
    } else {
      host.err().println("coffer: " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, host.err());
      host.err()
          .println("Try `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`.");
    }
    host.err().flush();
    return ExitCodes.USAGE;
  }

  private static java.nio.file.AccessDeniedException fileAccessDenied(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.file.AccessDeniedException denied) {
        return denied;
      }
    }
    return null;
  }

  /** Whether standard output's reader went away, whatever wrapped the write's failure since. */
  private static boolean closedPipe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClosedPipeException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The CofferException behind an I/O failure, if any: object streams report an integrity failure
   * as an IOException whose cause is the typed error, and its exit code is the typed one.
   */
  private static CofferException typedCause(Exception e) {
    if (e instanceof CofferException typed) {
      return typed;
    }
    if (!(e instanceof IOException) && !(e instanceof UncheckedIOException)) {
      return null;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CofferException typed) {
        return typed;
      }
    }
    return null;
  }

  /**
   * A gRPC status that carries no Coffer error: the sidecar's client turns every Coffer error into
   * the exception the embedded API throws, so what is left failed on the way (connection, TLS,
   * credentials, deadline).
   */
  private static StatusRuntimeException transportFailure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status;
      }
    }
    return null;
  }

  private void reportTransport(StatusRuntimeException failure, Exception e) {
    Status status = failure.getStatus();
    boolean tls = false;
    boolean notTls = false;
    boolean connectFailed = false;
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      tls |= t instanceof SSLException;
      // Netty's, shaded: matched by name so as not to depend on where gRPC shades it.
      notTls |= t.getClass().getSimpleName().equals("NotSslRecordException");
      connectFailed |= t instanceof ConnectException;
      root = t;
    }
    String detail = firstLine(root == failure ? status.getDescription() : root.getMessage());
    if (connectFailed) {
      // Netty's native transport prefixes the system's words with its own call and errno.
      detail =
          detail.replaceFirst("^finishConnect\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
      if (detail.equalsIgnoreCase("Connection refused")) {
        detail = "connection refused; is `coffer serve` listening there?";
      }
    }
    // A TLS server drops a plaintext client without a word, so that closing is the only clue; an
    // UNAVAILABLE the server itself sent (it is busy, shutting down) carries no I/O failure.
    boolean dropped =
        (root != failure && root instanceof IOException)
            || "Network closed for unknown reason".equals(status.getDescription());
    boolean tlsServer = plaintext.getAsBoolean() && !connectFailed && dropped;
    if (notTls || (status.getCode() == Status.Code.UNAVAILABLE && tlsServer)) {
      // The exception's text says no more than the message (and a hex dump of the answer).
      detail = "";
    }
    String message =
        switch (status.getCode()) {
          case UNAUTHENTICATED ->
              "the server refused the credentials (--token-file, COFFER_TOKEN"
                  + " or --client-cert)";
          case DEADLINE_EXCEEDED -> "the server did not answer in time";
          case UNAVAILABLE -> {
            if (notTls) {
              yield "the server answered in plaintext, not TLS (a `coffer serve --plaintext`?):"
                  + " add --plaintext to reach it on a loopback address";
            } else if (tls) {
              yield "the TLS handshake with the server failed (does --ca-cert name its CA? and"
                  + " with --client-cert: does the server's --client-ca trust it?)";
            } else if (tlsServer) {
              yield "the server closed the plaintext connection; it probably expects TLS:"
                  + " drop --plaintext";
            } else if (root == failure && !dropped) {
              // Sent by the server itself, with no transport failure behind it.
              yield "the server cannot take the call now (busy or shutting down); try again";
            }
            yield "cannot reach the server (--server)";
          }
          default -> "the server failed the call (" + status.getCode() + ")";
        };
    report(
        status.getCode() == Status.Code.UNAUTHENTICATED ? "UNAUTHENTICATED" : "SERVER_UNAVAILABLE",
        detail.isEmpty() ? message : message + ": " + detail,
        e);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  private void report(String code, String message, Exception e) {
    if (json.getAsBoolean()) {
      host.err().println(errorJson(code, message));
    } else {
      host.err().println("coffer: " + message);
    }
    if (debug.getAsBoolean()) {
      e.printStackTrace(host.err());
    }
    host.err().flush();
  }

  private static String errorJson(String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    JsonObject document = new JsonObject();
    document.add("error", error);
    return Output.toCompactJson(document);
  }
}
