package dev.coffer.grpc.internal;

import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CertificatePrincipalMapping;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthGrpc;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Works out who is calling before any service code runs: a bearer token if one is presented, else
 * the verified client certificate of mutual TLS, else the configured anonymous principal, else the
 * call is refused as UNAUTHENTICATED. The caller also carries the client's address ({@code
 * aws:SourceIp}), whether the call came over TLS ({@code aws:SecureTransport}) and the client
 * software its {@code user-agent} header names ({@code aws:UserAgent}; the client's own claim, as
 * in AWS), which policies and audit records read. Health checks pass without credentials.
 */
public final class Authenticator implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final BearerTokens tokens;
  private final Optional<CertificatePrincipalMapping> certificates;
  private final Optional<Principal> anonymous;

  public Authenticator(
      BearerTokens tokens,
      Optional<CertificatePrincipalMapping> certificates,
      Optional<Principal> anonymous) {
    this.tokens = tokens;
    this.certificates = certificates;
    this.anonymous = anonymous;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Optional<Principal> principal;
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null) {
      principal = bearer(authorization);
      if (principal.isEmpty()) {
        return refuse(call, "the bearer token is not valid");
      }
    } else {
      principal = certificatePrincipal(tls).or(() -> anonymous);
      if (principal.isEmpty()) {
        return refuse(call, "credentials are required: a bearer token or a client certificate");
      }
    }
    Caller caller =
        new Caller(
            principal.get(),
            sourceAddress(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
            Optional.empty(),
            tls != null,
            Optional.ofNullable(headers.get(USER_AGENT)));
    return Contexts.interceptCall(
        Context.current().withValue(Callers.KEY, caller), call, headers, next);
  }

  private Optional<Principal> bearer(String authorization) {
    if (authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    return tokens.authenticate(authorization.substring(BEARER.length()).strip());
  }

  private Optional<Principal> certificatePrincipal(SSLSession tls) {
    if (tls == null || certificates.isEmpty()) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = tls.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        return certificates.get().principalOf(leaf);
      }
      return Optional.empty();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return Optional.empty();
    }
  }

  private static Optional<String> sourceAddress(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return Optional.of(inet.getAddress().getHostAddress());
    }
    return Optional.empty();
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
    io.grpc.StatusRuntimeException e = StatusMapper.unauthenticated(message);
    Metadata trailers = e.getTrailers() != null ? e.getTrailers() : new Metadata();
    call.close(e.getStatus(), trailers);
    return new ServerCall.Listener<>() {};
  }
}
