package dev.coffer.cli;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Quiets what gRPC's Netty transport logs, with a stack trace, about clients doing what clients do:
 * a download cancelled half-way ({@code coffer get … | head}), a TLS client at a plaintext {@code
 * coffer serve}, or a message over the server's size limit (which the client is told as
 * RESOURCE_EXHAUSTED). The first drops to {@link Level#FINE}; the others become one line without
 * the stack and the hex dump. Every other record passes as it was, so real server errors still
 * show.
 */
final class ServerLogFilter implements Filter {
  private static final String SHADED_NETTY = "io.grpc.netty.shaded.io.grpc.netty.";
  private static final String STREAM_CLOSED = "Stream closed before write could take place";
  private static final String NO_PREFACE = "HTTP/2 client preface string missing";
  private static final String TOO_LARGE = "gRPC message exceeds maximum size";

  // Held here: java.util.logging keeps loggers weakly, and a collected logger loses its filter.
  private static final Logger HANDLER = Logger.getLogger(SHADED_NETTY + "NettyServerHandler");
  private static final Logger CONNECTIONS =
      Logger.getLogger(SHADED_NETTY + "NettyServerTransport.connections");
  private static final Logger STREAM = Logger.getLogger(SHADED_NETTY + "NettyServerStream");

  private final Filter before;

  private ServerLogFilter(Filter before) {
    this.before = before;
  }

  /** Installs the filter on the transport's loggers, once, keeping any filter set before. */
  static synchronized void install() {
    for (Logger logger : new Logger[] {HANDLER, CONNECTIONS, STREAM}) {
      if (!(logger.getFilter() instanceof ServerLogFilter)) {
        logger.setFilter(new ServerLogFilter(logger.getFilter()));
      }
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    Throwable thrown = record.getThrown();
    String message = thrown == null || thrown.getMessage() == null ? "" : thrown.getMessage();
    if (message.startsWith(STREAM_CLOSED)) {
      // The client reset the stream (it cancelled the call); the data queued for it is dropped.
      if (!HANDLER.isLoggable(Level.FINE)) {
        return false;
      }
      record.setLevel(Level.FINE);
    } else if (message.startsWith(NO_PREFACE)) {
      record.setThrown(null);
      record.setMessage(
          record.getMessage()
              + ": a client did not speak plaintext HTTP/2 (a TLS client? it needs --plaintext)");
    } else if (message.contains(TOO_LARGE)) {
      // The client was answered RESOURCE_EXHAUSTED; the stack says nothing about the server.
      record.setThrown(null);
      record.setMessage("a client's message was refused: " + message);
    }
    return before == null || before.isLoggable(record);
  }
}
