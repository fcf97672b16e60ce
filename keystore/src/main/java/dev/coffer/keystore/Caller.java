package dev.coffer.keystore;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity and circumstances of a request: the principal, and what the transport knows about
 * it. Policies and audit records read these.
 *
 * @param principal who is calling
 * @param sourceAddress the client's network address, when called through the sidecar
 * @param viaService the service calling on the principal's behalf ({@code kms:ViaService}), such as
 *     the engine
 * @param secureTransport whether the request arrived over TLS ({@code aws:SecureTransport}); true
 *     for in-process calls
 * @param userAgent the client software, as its {@code user-agent} header names it, when called
 *     through the sidecar ({@code aws:UserAgent})
 */
public record Caller(
    Principal principal,
    Optional<String> sourceAddress,
    Optional<String> viaService,
    boolean secureTransport,
    Optional<String> userAgent) {

  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(sourceAddress, "sourceAddress");
    Objects.requireNonNull(viaService, "viaService");
    Objects.requireNonNull(userAgent, "userAgent");
  }

  /** A caller whose client software is not known. */
  public Caller(
      Principal principal,
      Optional<String> sourceAddress,
      Optional<String> viaService,
      boolean secureTransport) {
    this(principal, sourceAddress, viaService, secureTransport, Optional.empty());
  }

  /** An in-process caller. */
  public static Caller of(Principal principal) {
    return new Caller(principal, Optional.empty(), Optional.empty(), true);
  }

  /** An in-process caller named by its principal string. */
  public static Caller of(String principal) {
    return of(Principal.of(principal));
  }

  /** The same caller, now acting through the named service. */
  public Caller via(String service) {
    return new Caller(principal, sourceAddress, Optional.of(service), secureTransport, userAgent);
  }
}
