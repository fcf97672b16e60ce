package dev.coffer.grpc;

import dev.coffer.engine.Coffer;
import dev.coffer.grpc.internal.CallTracker;
import dev.coffer.grpc.internal.HealthWatches;
import dev.coffer.grpc.internal.MetricsEndpoint;
import dev.coffer.grpc.internal.ServerAssembly;
import dev.coffer.grpc.internal.ServerSettings;
import dev.coffer.grpc.internal.UploadExecutor;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.internal.store.Uninterruptibly;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC sidecar: serves a {@link Coffer}'s objects, buckets, keys, rotation jobs and audit log
 * to other processes, with standard health checking and server reflection.
 *
 * <pre>{@code
 * try (CofferServer server =
 *     CofferServer.builder()
 *         .store(coffer)
 *         .listen("127.0.0.1", 7878)
 *         .tls(Path.of("server.pem"), Path.of("server.key"))
 *         .tokens(BearerTokens.load(Path.of("tokens")))
 *         .build()
 *         .start()) {
 *   server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Every call but health checks must authenticate: a bearer token from the tokens file, or a
 * client certificate under mutual TLS; anonymous callers only if {@link
 * Builder#allowAnonymous(Principal)} names a principal for them. Plaintext is refused unless asked
 * for, and then only on a loopback address. {@link #close()} stops taking calls and lets calls in
 * flight finish for a grace period. The server does not own the {@link Coffer}: close that after.
 *
 * <p>With {@link Builder#metricsListen(InetSocketAddress)} it also serves operational metrics for
 * Prometheus over plain HTTP, without authentication, at {@code /metrics}.
 */
public final class CofferServer implements AutoCloseable {
  /** Default largest inbound message: a 4 MiB data chunk and its framing. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 4 * 1024 * 1024 + 64 * 1024;

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** How long a close cut short by an interrupt waits for the calls it cancelled to end. */
  private static final Duration CANCELLED_CALLS_WAIT = Duration.ofSeconds(10);

  private final Server server;
  private final InetSocketAddress address; // null in-process
  private final HealthStatusManager health;
  private final HealthWatches watches;
  private final UploadExecutor uploads;
  private final CallTracker calls;
  private final ExecutorService ownPool;
  private final Duration grace;
  private final MetricsEndpoint metrics; // null when metrics are off
  private boolean started;
  private boolean closed;

  private CofferServer(ServerAssembly assembly, Duration grace) {
    this.server = assembly.server();
    this.address = assembly.address();
    this.health = assembly.health();
    this.watches = assembly.watches();
    this.uploads = assembly.uploads();
    this.calls = assembly.calls();
    this.ownPool = assembly.ownPool();
    this.grace = grace;
    this.metrics = assembly.metrics();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * An address to listen on could not be bound: the gRPC one, or the metrics one, as {@link
   * #address()} tells.
   */
  public static class CannotListenException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final InetSocketAddress address;
    private final boolean metrics;

    CannotListenException(
        String message, IOException cause, InetSocketAddress address, boolean metrics) {
      super(message, cause);
      this.address = address;
      this.metrics = metrics;
    }

    /**
     * Whether the address was the metrics endpoint's rather than the gRPC one's (the two can be
     * equal when both ask for port 0).
     */
    public boolean metricsAddress() {
      return metrics;
    }

    /** The address as configured (port 0 included); null for an in-process server's name. */
    public InetSocketAddress address() {
      return address;
    }
  }

  /** The address to listen on is held by another socket (another server, most likely). */
  public static final class AddressInUseException extends CannotListenException {
    private static final long serialVersionUID = 1L;

    AddressInUseException(
        String message, IOException cause, InetSocketAddress address, boolean metrics) {
      super(message, cause, address, metrics);
    }
  }

  /**
   * Binds and starts serving, metrics too if configured.
   *
   * @throws AddressInUseException if another socket holds an address
   * @throws CannotListenException if an address cannot be bound for another reason
   * @throws IllegalStateException if it was started or closed before, as gRPC's own server: before
   *     anything is bound, so that a second metrics endpoint is not left open
   */
  public synchronized CofferServer start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "the server is closed" : "already started");
    }
    started = true;
    try {
      // The metrics address first: of the two, it is the one that is simple to let go again.
      if (metrics != null) {
        try {
          metrics.start();
        } catch (IOException e) {
          InetSocketAddress at = metrics.configuredAddress();
          throw bindFailure(e, "cannot listen for metrics on " + at, at, true);
        }
      }
      try {
        server.start();
      } catch (IOException e) {
        // Netty's message names the address ("Failed to bind to address /127.0.0.1:7443").
        throw bindFailure(e, "cannot listen: " + e.getMessage(), address, false);
      }
    } catch (CannotListenException e) {
      if (metrics != null) {
        metrics.close();
      }
      uploads.shutdownNow();
      if (ownPool != null) {
        ownPool.shutdownNow();
      }
      throw e;
    }
    return this;
  }

  /** Why binding failed, such as a port another process holds, may be in a cause. */
  private static CannotListenException bindFailure(
      IOException e, String message, InetSocketAddress address, boolean metrics) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Address already in use")) {
        return new AddressInUseException(
            message + ": the address is already in use", e, address, metrics);
      }
      root = t;
    }
    String why = root.getMessage();
    return new CannotListenException(
        why == null || message.contains(why) ? message : message + ": " + why, e, address, metrics);
  }

  /** The port bound (useful after listening on port 0); -1 for an in-process server. */
  public int port() {
    return server.getPort();
  }

  /** The port the metrics endpoint listens on; -1 when metrics are off or the server is not up. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops taking new calls, lets calls in flight finish for the grace period, then cancels what is
   * left, and waits for the store to finish writing uploads that were cancelled. Health checks
   * answer NOT_SERVING from the start of the shutdown; open health watches are told so, then ended
   * with UNAVAILABLE rather than held to the grace period. Close the {@link Coffer} only after
   * this. On an interrupted thread the grace period ends at once: calls in flight are cancelled,
   * still waited for, and the thread stays interrupted.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    health.enterTerminalState();
    server.shutdown();
    // Health watchers have been told NOT_SERVING; their streams would hold the grace period.
    watches.endAll();
    boolean interrupted = false;
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      if (!uploads.shutdownAndWait(grace.toMillis())) {
        uploads.shutdownNow();
      }
      calls.awaitIdle(grace.toMillis());
    } catch (InterruptedException e) {
      // As ExecutorService.close does: an interrupt ends the grace period, yet the calls it
      // cancels are still waited for, so that the store, closed next, is not closed under them.
      interrupted = true;
      server.shutdownNow();
      uploads.shutdownNow();
      Uninterruptibly.await(
          CANCELLED_CALLS_WAIT,
          n -> {
            long end = System.nanoTime() + n;
            return uploads.shutdownAndWait(atLeastOneMilli(n))
                && calls.awaitIdle(atLeastOneMilli(end - System.nanoTime()));
          });
    } finally {
      if (ownPool != null) {
        ownPool.shutdown();
      }
      // Last, so that the drain itself can be watched; then the port is free again.
      if (metrics != null) {
        metrics.close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long atLeastOneMilli(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  @Override
  public String toString() {
    return "CofferServer[port " + port() + "]";
  }

  /** Configures a server. */
  public static final class Builder {
    private Coffer coffer;
    private InetSocketAddress address;
    private String inProcessName;
    private BearerTokens tokens = BearerTokens.none();
    private Path certificateChain;
    private Path privateKey;
    private Path trustedClientCas;
    private CertificatePrincipalMapping certificateMapping;
    private boolean plaintext;
    private Principal anonymous;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private int maxConcurrentUploads = UploadExecutor.DEFAULT_MAX_THREADS;
    private Duration grace = DEFAULT_SHUTDOWN_GRACE;
    private Executor executor;
    private boolean readsOnTransportThreads = true;
    private InetSocketAddress metricsAddress;

    private Builder() {}

    /** The store to serve. Required. */
    public Builder store(Coffer coffer) {
      this.coffer = Objects.requireNonNull(coffer, "coffer");
      return this;
    }

    /** The address to listen on; port 0 picks a free port. */
    public Builder listen(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder listen(String host, int port) {
      return listen(new InetSocketAddress(host, port));
    }

    /** Serves in this process only, under {@code name} (for tests and same-process clients). */
    public Builder inProcess(String name) {
      this.inProcessName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The bearer tokens accepted, each mapped to a principal. */
    public Builder tokens(BearerTokens tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** TLS with this certificate chain and PKCS#8 private key, both PEM files. */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Mutual TLS: clients may present a certificate issued by one of these CAs (a PEM file), and
     * the mapping turns it into their principal. Needs {@link #tls}. When no bearer tokens or
     * anonymous principal are configured, a client certificate is required.
     */
    public Builder mutualTls(Path trustedClientCas, CertificatePrincipalMapping mapping) {
      this.trustedClientCas = Objects.requireNonNull(trustedClientCas, "trustedClientCas");
      this.certificateMapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /** Serves without TLS. Refused unless the listening address is a loopback address. */
    public Builder plaintext() {
      this.plaintext = true;
      return this;
    }

    /** Callers without credentials act as this principal. Off unless set. */
    public Builder allowAnonymous(Principal principal) {
      this.anonymous = Objects.requireNonNull(principal, "principal");
      return this;
    }

    /** Largest inbound message in bytes; default {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE}. */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("the message size limit must be at least 64 KiB");
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** How many PutObject calls may store data at once; more are refused as UNAVAILABLE. */
    public Builder maxConcurrentUploads(int uploads) {
      if (uploads < 1) {
        throw new IllegalArgumentException("at least one upload must be allowed");
      }
      this.maxConcurrentUploads = uploads;
      return this;
    }

    /**
     * The executor that runs the service code of calls that may block; default a cached thread pool
     * of the server's own. Calls block (the store reads and writes, WaitForJob waits for a job), so
     * it must be able to run many at once: a small fixed pool can starve. The server does not shut
     * it down. Small reads ({@link #readsOnTransportThreads}) do not use it.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether GetObject (of objects up to 256 KiB; larger objects stream from the executor),
     * HeadObject and GetCallerIdentity run on the network transport's own threads rather than being
     * handed to the {@link #executor}; default on. The hand-offs cost more CPU than such a read,
     * but a read then holds up the other connections on its transport thread for as long as it
     * takes, audit record included: turn this off when the store's audit sink or log can block (an
     * audit log that fsyncs every record, a sink that ships records away).
     */
    public Builder readsOnTransportThreads(boolean on) {
      this.readsOnTransportThreads = on;
      return this;
    }

    /**
     * Also serves operational metrics for Prometheus (text format 0.0.4) at {@code GET /metrics} on
     * this address, over plain HTTP; off unless set. Port 0 picks a free port ({@link
     * CofferServer#metricsPort()}). The metrics carry no principal, bucket, object key or key id,
     * only gRPC service, method and status code names, but the endpoint has no authentication: keep
     * it on loopback or a private network.
     */
    public Builder metricsListen(InetSocketAddress address) {
      this.metricsAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder metricsListen(String host, int port) {
      return metricsListen(new InetSocketAddress(host, port));
    }

    /** How long {@link CofferServer#close()} lets calls in flight finish; default 30 s. */
    public Builder shutdownGracePeriod(Duration grace) {
      this.grace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Builds the server (not started).
     *
     * @throws IllegalStateException if the configuration is incomplete or unsafe: no store, no
     *     address, neither TLS nor plaintext chosen, plaintext off loopback, or no way for a caller
     *     to authenticate
     */
    public CofferServer build() {
      return new CofferServer(ServerAssembly.assemble(settings()), grace);
    }

    private ServerSettings settings() {
      return new ServerSettings(
          coffer,
          address,
          inProcessName,
          tokens,
          certificateChain,
          privateKey,
          trustedClientCas,
          certificateMapping,
          plaintext,
          anonymous,
          maxInboundMessageSize,
          maxConcurrentUploads,
          executor,
          readsOnTransportThreads,
          metricsAddress);
    }
  }
}
