package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.InvalidCiphertextException;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failures that are not CofferExceptions: bugs, which the CLI must still report in one line. */
class ErrorReporterTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Host host =
      new Host(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          new ByteArrayInputStream(new byte[0]),
          Map.of());

  @Test
  void unexpectedException_isOneLineAndExitCodeOne() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false);

    int code = reporter.handleExecutionException(new IllegalStateException("boom"), null, null);

    assertThat(code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(stderr())
        .isEqualTo(
            "coffer: internal error: IllegalStateException: boom"
                + " (rerun with --debug for the stack trace)\n");
  }

  @Test
  void anUnavailableTheServerSent_underPlaintext_isNotTakenForATlsServer() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false, () -> true);

    int code =
        reporter.handleExecutionException(
            Status.UNAVAILABLE.withDescription("too many uploads at once").asRuntimeException(),
            null,
            null);

    assertThat(code).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(stderr())
        .doesNotContain("drop --plaintext")
        .doesNotContain("cannot reach")
        .contains("busy or shutting down")
        .contains("too many uploads at once");
  }

  @Test
  void aRefusedConnection_isCannotReachTheServer() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false, () -> false);

    int code =
        reporter.handleExecutionException(
            Status.UNAVAILABLE
                .withDescription("io exception")
                .withCause(new java.net.ConnectException("Connection refused"))
                .asRuntimeException(),
            null,
            null);

    assertThat(code).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
    assertThat(stderr()).contains("cannot reach the server").doesNotContain("busy");
  }

  @Test
  void aRefusedConnection_saysSoInPlainWords_withoutNettysCallName() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false, () -> false);

    reporter.handleExecutionException(
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(
                new java.net.ConnectException(
                    "finishConnect(..) failed with error(-111): Connection refused"))
            .asRuntimeException(),
        null,
        null);

    assertThat(stderr())
        .isEqualTo(
            "coffer: cannot reach the server (--server): connection refused; is `coffer serve`"
                + " listening there?"
                + System.lineSeparator());
  }

  @Test
  void aConnectionDroppedUnderPlaintext_suggestsTheServerExpectsTls() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false, () -> true);

    reporter.handleExecutionException(
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(new IOException("Connection reset by peer"))
            .asRuntimeException(),
        null,
        null);

    assertThat(stderr()).contains("drop --plaintext").doesNotContain("Connection reset");
  }

  @Test
  void unexpectedException_withDebug_printsTheStackTrace() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> true);

    reporter.handleExecutionException(new IllegalStateException("boom"), null, null);

    assertThat(stderr()).startsWith("coffer: internal error: IllegalStateException: boom\n");
    assertThat(stderr()).contains("\tat dev.coffer.cli.ErrorReporterTest");
  }

  @Test
  void unexpectedException_withJson_isJsonWithInternalCode() {
    ErrorReporter reporter = new ErrorReporter(host, () -> true, () -> false);

    reporter.handleExecutionException(new IllegalStateException("boom"), null, null);

    assertThat(stderr())
        .isEqualTo(
            "{\"error\":{\"code\":\"INTERNAL\","
                + "\"message\":\"internal error: IllegalStateException: boom\"}}\n");
  }

  @Test
  void ioFailure_causedByATypedError_exitsWithTheTypedCode() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false);
    IOException streamed =
        new IOException("segment 3", new InvalidCiphertextException("segment 3 is altered"));

    int code = reporter.handleExecutionException(streamed, null, null);

    assertThat(code).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(stderr()).isEqualTo("coffer: segment 3 is altered\n");
  }

  @Test
  void ioFailure_ofItsOwn_isOneLineAndTheFileIoExitCode() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false);

    int code =
        reporter.handleExecutionException(
            new IOException("cannot write to standard output"), null, null);

    assertThat(code).isEqualTo(ExitCodes.FILE_IO_FAILED);
    assertThat(stderr()).isEqualTo("coffer: cannot write to standard output\n");
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFileThePermissionsRefuse_isAccessDenied_namingTheFile_notAnInternalError() {
    ErrorReporter reporter = new ErrorReporter(host, () -> false, () -> false);

    int code =
        reporter.handleExecutionException(
            new java.nio.file.AccessDeniedException("/srv/locked"), null, null);

    assertThat(code).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(stderr()).isEqualTo("coffer: permission denied: /srv/locked\n");
  }
}
