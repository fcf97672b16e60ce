package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code coffer serve} lets through of the transport's log: a client cancelling a download, or
 * sending a message over the size limit, is no warning with a stack trace; anything else passes as
 * it was. A cancelled download does not always make the transport log this (it depends on what was
 * queued when the client reset the stream), so the records are made here as the transport makes
 * them.
 */
class ServerLogFilterTest {
  private static final String HANDLER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler";

  private final Logger logger = Logger.getLogger(HANDLER);
  private Level level;

  @BeforeEach
  void install() {
    level = logger.getLevel();
    ServerLogFilter.install();
  }

  @AfterEach
  void restore() {
    logger.setLevel(level);
  }

  private static LogRecord warning(String thrownMessage) {
    LogRecord r = new LogRecord(Level.WARNING, "Stream Error");
    r.setLoggerName(HANDLER);
    r.setThrown(new IllegalStateException(thrownMessage));
    return r;
  }

  @Test
  void aCancelledDownload_isNotLogged_atTheDefaultLevel() {
    logger.setLevel(Level.INFO);

    assertThat(
            logger.getFilter().isLoggable(warning("Stream closed before write could take place")))
        .isFalse();
  }

  @Test
  void aCancelledDownload_isLoggedAtFine_whenFineIsWanted() {
    logger.setLevel(Level.FINE);
    LogRecord r = warning("Stream closed before write could take place");

    assertThat(logger.getFilter().isLoggable(r)).isTrue();
    assertThat(r.getLevel()).isEqualTo(Level.FINE);
  }

  @Test
  void anyOtherError_passesAsItWas() {
    logger.setLevel(Level.INFO);
    LogRecord r = warning("Connection reset by peer");

    assertThat(logger.getFilter().isLoggable(r)).isTrue();
    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
    assertThat(r.getThrown()).hasMessage("Connection reset by peer");
  }

  @Test
  void aMessageOverTheSizeLimit_isOneLineWithoutTheStack() {
    Logger stream = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");
    LogRecord r = new LogRecord(Level.WARNING, "Exception processing message");
    r.setLoggerName(stream.getName());
    r.setThrown(
        io.grpc.Status.RESOURCE_EXHAUSTED
            .withDescription("gRPC message exceeds maximum size 4259840: 6291472")
            .asRuntimeException());

    assertThat(stream.getFilter().isLoggable(r)).isTrue();
    assertThat(r.getThrown()).isNull();
    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
    assertThat(r.getMessage())
        .isEqualTo(
            "a client's message was refused: RESOURCE_EXHAUSTED: gRPC message exceeds maximum"
                + " size 4259840: 6291472");
  }

  @Test
  void installingTwice_keepsOneFilter() {
    var first = logger.getFilter();
    ServerLogFilter.install();

    assertThat(logger.getFilter()).isSameAs(first);
  }
}
