package dev.coffer.grpc.client;

import dev.coffer.api.v1.GetCallerIdentityRequest;
import dev.coffer.api.v1.GetCallerIdentityResponse;
import dev.coffer.api.v1.IdentityServiceGrpc;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Principal;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client of the Coffer sidecar that offers the embedded API's own interfaces: {@link #objects()}
 * is an {@link ObjectStore}, {@link #keys()} a {@link KeyService} and {@link #rotation()} a {@link
 * RotationService}, with the same request and result types and the same exceptions (a denied call
 * throws {@link dev.coffer.keystore.AccessDeniedException} with the server's explanation, and so
 * on). Code written against the embedded API moves to the sidecar by changing where it gets those
 * three from. Puts and gets stream with flow control both ways. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (CofferClient client =
 *     CofferClient.builder().target("localhost", 7878).tls(Path.of("ca.pem")).token(token).build()) {
 *   ObjectStore s3 = client.objects();
 *   s3.putObject(PutObjectRequest.builder("invoices", "a.pdf").build(), bytes);
 * }
 * }</pre>
 */
public final class CofferClient implements AutoCloseable {
  /** Default deadline of calls that are not streams of object data. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  public static final String DEFAULT_USER_AGENT = "coffer-java-client";

  /**
   * HTTP/2 receive window a connection starts with (gRPC then tunes it to the measured bandwidth
   * and delay). gRPC's own 1 MiB is four download messages: on a busy machine a download stalls
   * whenever this reading thread is not scheduled for the few milliseconds that takes to drain.
   */
  static final int INITIAL_WINDOW = 4 * 1024 * 1024;

  private final ManagedChannel managed;
  private final Channel channel;
  private final Duration callTimeout;
  private volatile Caller caller;

  private CofferClient(ManagedChannel managed, Channel channel, Duration callTimeout) {
    this.managed = managed;
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The object and bucket operations, as the embedded {@link ObjectStore}. */
  public ObjectStore objects() {
    return new RemoteObjectStore(this);
  }

  /** The keystore's KMS operations, as the embedded {@link KeyService}. */
  public KeyService keys() {
    return new RemoteKeyService(this);
  }

  /** Rotation and its jobs, as the embedded {@link RotationService}. */
  public RotationService rotation() {
    return new RemoteRotationService(this);
  }

  /**
   * The server's audit log: query, export, verify, and the public key that verifies its digests.
   * Needs the {@code coffer:ReadAuditLog} permission (the account root and administrators).
   */
  public RemoteAuditLog audit() {
    return new RemoteAuditLog(this);
  }

  /**
   * Who the server takes this client to be: the principal its credentials map to, the address it
   * sees, and whether the connection is TLS. Asked once, then remembered.
   */
  public Caller caller() {
    Caller known = caller;
    if (known == null) {
      GetCallerIdentityResponse r =
          Calls.call(
              () ->
                  withDeadline(IdentityServiceGrpc.newBlockingStub(channel))
                      .getCallerIdentity(GetCallerIdentityRequest.getDefaultInstance()));
      known =
          new Caller(
              Principal.of(r.getPrincipal()),
              r.getSourceAddress().isEmpty() ? Optional.empty() : Optional.of(r.getSourceAddress()),
              Optional.empty(),
              r.getSecureTransport());
      caller = known;
    }
    return known;
  }

  Channel channel() {
    return channel;
  }

  Duration callTimeout() {
    return callTimeout;
  }

  <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    managed.shutdown();
    try {
      if (!managed.awaitTermination(5, TimeUnit.SECONDS)) {
        managed.shutdownNow();
      }
    } catch (InterruptedException e) {
      managed.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "CofferClient[" + managed.authority() + "]";
  }

  /** Sends {@code authorization: Bearer TOKEN} with every call. */
  private static final class BearerToken implements ClientInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String header;

    BearerToken(String token) {
      this.header = "Bearer " + token;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(AUTHORIZATION, header);
          super.start(listener, headers);
        }
      };
    }

    @Override
    public String toString() {
      return "BearerToken[redacted]";
    }
  }

  /** Configures a client. */
  public static final class Builder {
    private String host;
    private int port;
    private String inProcessName;
    private String token;
    private boolean tls;
    private Path trustedServerCas;
    private Path certificateChain;
    private Path privateKey;
    private boolean plaintext;
    private String authority;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private String userAgent = DEFAULT_USER_AGENT;

    private Builder() {}

    /** The server's host and port. */
    public Builder target(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** A server in this process, started with {@code CofferServer.Builder.inProcess(name)}. */
    public Builder inProcess(String name) {
      this.inProcessName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Authenticates with this bearer token; surrounding whitespace, such as the newline a token
     * file ends with, is dropped (a header value cannot carry it).
     */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token, "token").strip();
      return this;
    }

    /** TLS, trusting the JDK's default CAs. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** TLS, trusting the CA certificates in this PEM file (or the server's self-signed one). */
    public Builder tls(Path trustedServerCas) {
      this.tls = true;
      this.trustedServerCas = Objects.requireNonNull(trustedServerCas, "trustedServerCas");
      return this;
    }

    /** Mutual TLS: presents this certificate chain and PKCS#8 key (PEM files). */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      this.tls = true;
      this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /** No TLS (the server allows that only on loopback). */
    public Builder plaintext() {
      this.plaintext = true;
      return this;
    }

    /** The name the server's certificate must carry, when it differs from the target host. */
    public Builder overrideAuthority(String authority) {
      this.authority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    /** Deadline of each call other than object data streams; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the call timeout must be positive");
      }
      this.callTimeout = timeout;
      return this;
    }

    /**
     * How this client names itself in the {@code user-agent} header, before gRPC's own name; the
     * server's audit records show it and policies can test it ({@code aws:UserAgent}). Default
     * {@value #DEFAULT_USER_AGENT}.
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    public CofferClient build() {
      ManagedChannelBuilder<?> builder;
      if (inProcessName != null) {
        builder = InProcessChannelBuilder.forName(inProcessName);
      } else {
        if (host == null) {
          throw new IllegalStateException("a client needs a target or an in-process name");
        }
        builder =
            NettyChannelBuilder.forAddress(host, port, credentials())
                .initialFlowControlWindow(INITIAL_WINDOW);
      }
      if (authority != null) {
        builder.overrideAuthority(authority);
      }
      builder.userAgent(userAgent);
      // Object data comes in chunks far below this; the limit only bounds a hostile server.
      builder.maxInboundMessageSize(8 * 1024 * 1024);
      // Every callback this client registers only records a value or wakes a waiting thread, and
      // blocking stubs run on the calling thread anyway, so callbacks may run on the transport's
      // thread: one thread hand-off less per call.
      builder.directExecutor();
      // No transparent retries: they would keep copies of sent upload chunks in a retry buffer,
      // and a put or key operation is the caller's to retry, as with the embedded API.
      builder.disableRetry();
      ManagedChannel managed = builder.build();
      Channel channel =
          token == null ? managed : ClientInterceptors.intercept(managed, new BearerToken(token));
      return new CofferClient(managed, channel, callTimeout);
    }

    private ChannelCredentials credentials() {
      if (plaintext && tls) {
        throw new IllegalStateException("choose TLS or plaintext, not both");
      }
      if (!tls) {
        if (!plaintext) {
          throw new IllegalStateException("choose tls(...) or plaintext()");
        }
        return InsecureChannelCredentials.create();
      }
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      try {
        if (trustedServerCas != null) {
          b.trustManager(trustedServerCas.toFile());
        }
        if (certificateChain != null) {
          b.keyManager(certificateChain.toFile(), privateKey.toFile());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
      }
      return b.build();
    }
  }
}
