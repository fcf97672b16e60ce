package dev.coffer.grpc.internal;

import dev.coffer.engine.Coffer;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CertificatePrincipalMapping;
import dev.coffer.keystore.Principal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * What a {@code CofferServer.Builder} was told, as {@link ServerAssembly#assemble} takes it. Not
 * yet checked: what is unset is null (false for the flags), and the assembly refuses what is
 * incomplete or unsafe.
 *
 * @param address null when only {@code inProcessName} is set
 * @param inProcessName set for an in-process server, which then ignores the address
 * @param certificateChain with {@code privateKey}, TLS; null for plaintext
 * @param trustedClientCas with {@code certificateMapping}, mutual TLS; null without
 * @param anonymous the principal of callers without credentials; null to refuse them
 * @param executor where blocking service code runs; null for a pool of the server's own
 * @param metricsAddress where Prometheus metrics are served; null when they are off
 */
public record ServerSettings(
    Coffer coffer,
    InetSocketAddress address,
    String inProcessName,
    BearerTokens tokens,
    Path certificateChain,
    Path privateKey,
    Path trustedClientCas,
    CertificatePrincipalMapping certificateMapping,
    boolean plaintext,
    Principal anonymous,
    int maxInboundMessageSize,
    int maxConcurrentUploads,
    Executor executor,
    boolean readsOnTransportThreads,
    InetSocketAddress metricsAddress) {}
