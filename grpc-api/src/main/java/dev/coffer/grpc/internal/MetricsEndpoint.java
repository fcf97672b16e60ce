package dev.coffer.grpc.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link ServerMetrics} for Prometheus to scrape: plain HTTP, {@code GET /metrics} only (any
 * other path is 404, any other method 405), on the JDK's own HTTP server so that the sidecar needs
 * no web framework for it.
 *
 * <p>There is no authentication and no TLS: the metrics name no principal, bucket, object or key,
 * but say how busy the server is and which calls fail, so the address belongs on loopback or a
 * private network.
 */
public final class MetricsEndpoint implements AutoCloseable {
  static final String PATH = "/metrics";

  private final InetSocketAddress address;
  private final ServerMetrics metrics;
  private HttpServer http;
  private ExecutorService handlers;

  /** An endpoint for {@code address} (port 0 picks a free port), not yet bound. */
  public MetricsEndpoint(InetSocketAddress address, ServerMetrics metrics) {
    this.address = address;
    this.metrics = metrics;
  }

  /**
   * Binds the address and starts answering.
   *
   * @throws IOException if the address cannot be bound (a {@link java.net.BindException} when it is
   *     in use)
   * @throws IllegalStateException if it has been started already: a second server on port 0 would
   *     bind another port, and the first would then never be closed
   */
  public synchronized void start() throws IOException {
    if (http != null) {
      throw new IllegalStateException("the metrics endpoint is already started");
    }
    HttpServer server = HttpServer.create(address, 0);
    // One thread: a scrape renders in well under a millisecond, and a slow or stuck scraper then
    // holds up other scrapes only, never the JDK server's accepting thread or the gRPC server.
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "coffer-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    server.createContext("/", this::handle);
    server.start();
    this.http = server;
    this.handlers = thread;
  }

  /** The address as configured, port 0 included: for messages about it. */
  public InetSocketAddress configuredAddress() {
    return address;
  }

  /** The port bound; -1 before {@link #start} and after {@link #close}. */
  public synchronized int port() {
    return http == null ? -1 : http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
      } else {
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** Stops answering at once (a scrape cut short is retried) and releases the port. */
  @Override
  public synchronized void close() {
    if (http == null) {
      return;
    }
    http.stop(0);
    handlers.shutdownNow();
    http = null;
    handlers = null;
  }
}
