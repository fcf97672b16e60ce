package dev.coffer.grpc.internal;

import dev.coffer.api.v1.IdentityServiceGrpc;
import dev.coffer.api.v1.ObjectServiceGrpc;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC server put together from {@link ServerSettings} (transport, credentials, services and
 * their interceptors, executors, metrics; not started), with the parts that starting and closing it
 * drive.
 *
 * @param address the address to bind; null for an in-process server
 * @param ownPool the pool that runs blocking service code when the settings gave no executor, to be
 *     shut down with the server; null otherwise
 * @param metrics the Prometheus endpoint; null when metrics are off
 */
public record ServerAssembly(
    Server server,
    InetSocketAddress address,
    HealthStatusManager health,
    HealthWatches watches,
    UploadExecutor uploads,
    CallTracker calls,
    ExecutorService ownPool,
    MetricsEndpoint metrics) {

  /**
   * Assembles the server the settings describe.
   *
   * @throws IllegalStateException if the settings are incomplete or unsafe: no store, no address,
   *     neither TLS nor plaintext chosen, plaintext off loopback, or no way for a caller to
   *     authenticate
   * @throws UncheckedIOException if the TLS files cannot be read
   */
  public static ServerAssembly assemble(ServerSettings settings) {
    if (settings.coffer() == null) {
      throw new IllegalStateException("a server needs a store");
    }
    if (settings.tokens().isEmpty()
        && settings.certificateMapping() == null
        && settings.anonymous() == null) {
      throw new IllegalStateException(
          "no caller could authenticate: give tokens, mutual TLS or an anonymous principal");
    }
    ServerBuilder<?> builder = transport(settings);
    // Service code that may block is moved off the transport threads by the offloader below;
    // what stays there (health checks, the small reads) does not wait.
    builder.directExecutor();
    ExecutorService ownPool = settings.executor() == null ? callPool() : null;
    Executor pool = settings.executor() != null ? settings.executor() : ownPool;
    CallOffloader offloader = new CallOffloader(pool, methodsOnTransportThreads(settings));
    HealthStatusManager health = new HealthStatusManager();
    HealthWatches watches = new HealthWatches();
    UploadExecutor uploads = new UploadExecutor(settings.maxConcurrentUploads());
    CallTracker calls = new CallTracker();
    Authenticator auth =
        new Authenticator(
            settings.tokens(),
            Optional.ofNullable(settings.certificateMapping()),
            Optional.ofNullable(settings.anonymous()));
    List<ServerServiceDefinition> services = services(settings, uploads, pool);
    ServerServiceDefinition healthService = health.getHealthService().bindService();
    ServerMetrics serverMetrics = null;
    if (settings.metricsAddress() != null) {
      List<ServerServiceDefinition> metered = new ArrayList<>(services);
      metered.add(healthService);
      serverMetrics = new ServerMetrics(metered);
    }
    // The last interceptor runs first: every call is tracked, refused ones included, and the
    // tracker's callbacks run where the service code does. Metrics, outermost, see every call
    // from its arrival.
    List<ServerInterceptor> chain = new ArrayList<>(List.of(auth, calls, offloader));
    if (serverMetrics != null) {
      chain.add(serverMetrics);
    }
    for (ServerServiceDefinition definition : services) {
      builder.addService(ServerInterceptors.intercept(definition, chain));
      // Health answers for each service by name too, as probes that name the service they
      // need ask (Kubernetes' grpc probe with a service, Envoy): unregistered, they got
      // NOT_FOUND. The terminal state at close turns every one to NOT_SERVING.
      health.setStatus(
          definition.getServiceDescriptor().getName(), HealthCheckResponse.ServingStatus.SERVING);
    }
    List<ServerInterceptor> healthChain = new ArrayList<>(List.of(watches));
    if (serverMetrics != null) {
      healthChain.add(serverMetrics);
    }
    builder
        .addService(ServerInterceptors.intercept(healthService, healthChain))
        .maxInboundMessageSize(settings.maxInboundMessageSize())
        .maxInboundMetadataSize(16 * 1024);
    return new ServerAssembly(
        builder.build(),
        settings.inProcessName() == null ? settings.address() : null,
        health,
        watches,
        uploads,
        calls,
        ownPool,
        serverMetrics == null
            ? null
            : new MetricsEndpoint(settings.metricsAddress(), serverMetrics));
  }

  private static Set<String> methodsOnTransportThreads(ServerSettings settings) {
    if (!settings.readsOnTransportThreads()) {
      return Set.of();
    }
    return Set.of(
        ObjectServiceGrpc.getGetObjectMethod().getFullMethodName(),
        ObjectServiceGrpc.getHeadObjectMethod().getFullMethodName(),
        IdentityServiceGrpc.getGetCallerIdentityMethod().getFullMethodName());
  }

  /** The services offered, health checks aside, bound but not yet intercepted. */
  private static List<ServerServiceDefinition> services(
      ServerSettings settings, UploadExecutor uploads, Executor pool) {
    List<ServerServiceDefinition> services = new ArrayList<>();
    for (BindableService service :
        new BindableService[] {
          new ObjectServiceImpl(
              settings.coffer(),
              uploads,
              settings.readsOnTransportThreads() ? pool : Runnable::run),
          new BucketServiceImpl(settings.coffer()),
          new KeyServiceImpl(settings.coffer()),
          new JobServiceImpl(settings.coffer()),
          new AuditServiceImpl(settings.coffer()),
          new IdentityServiceImpl(),
          ProtoReflectionServiceV1.newInstance()
        }) {
      services.add(service.bindService());
    }
    return services;
  }

  private static ExecutorService callPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "coffer-grpc-call-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static ServerBuilder<?> transport(ServerSettings settings) {
    if (settings.inProcessName() != null) {
      return InProcessServerBuilder.forName(settings.inProcessName());
    }
    if (settings.address() == null) {
      throw new IllegalStateException("a server needs an address to listen on");
    }
    return NettyServerBuilder.forAddress(settings.address(), credentials(settings));
  }

  private static ServerCredentials credentials(ServerSettings settings) {
    if (settings.certificateChain() != null) {
      TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
      try {
        tls.keyManager(settings.certificateChain().toFile(), settings.privateKey().toFile());
        if (settings.trustedClientCas() != null) {
          tls.trustManager(settings.trustedClientCas().toFile());
          boolean otherwise = !settings.tokens().isEmpty() || settings.anonymous() != null;
          tls.clientAuth(
              otherwise
                  ? TlsServerCredentials.ClientAuth.OPTIONAL
                  : TlsServerCredentials.ClientAuth.REQUIRE);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
      }
      return tls.build();
    }
    if (settings.trustedClientCas() != null) {
      throw new IllegalStateException("mutual TLS needs tls(certificate, key) too");
    }
    if (!settings.plaintext()) {
      throw new IllegalStateException("choose tls(certificate, key), or plaintext() on loopback");
    }
    InetAddress host = settings.address().getAddress();
    if (host == null || !host.isLoopbackAddress()) {
      throw new IllegalStateException(
          "plaintext is only allowed on a loopback address, not "
              + settings.address().getHostString());
    }
    return InsecureServerCredentials.create();
  }
}
