package dev.coffer.grpc;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.ObjectStore;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.MutableClock;
import dev.coffer.keystore.testing.RecordingAuditSink;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real Coffer (RocksDB and keystore in a temporary directory) served in-process, with a token for
 * each of a few principals and clients that use them. Nothing is mocked.
 */
public final class SidecarFixture implements AutoCloseable {
  public static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  public static final Principal APP = Principal.of("arn:aws:iam::000000000000:role/App");
  public static final Principal READER = Principal.of("arn:aws:iam::000000000000:role/Reader");
  public static final int SEGMENT = 16 * 1024;

  public final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
  public final RecordingAuditSink audit = new RecordingAuditSink();
  public final Map<Principal, String> tokens =
      Map.of(
          ROOT,
          BearerTokens.newToken(),
          APP,
          BearerTokens.newToken(),
          READER,
          BearerTokens.newToken());
  private final String name = "coffer-test-" + UUID.randomUUID();
  private final Coffer coffer;
  private final CofferServer server;
  private final List<Runnable> opened = new ArrayList<>();

  public SidecarFixture(Path directory) {
    this(directory, k -> k);
  }

  public SidecarFixture(Path directory, UnaryOperator<Keystore.Builder> keystore) {
    this.coffer =
        Coffer.builder(directory)
            .segmentSize(SEGMENT)
            .warmUpCrypto(false)
            .clock(clock)
            .keystore(k -> keystore.apply(k.auditSink(audit)))
            .open();
    BearerTokens accepted = BearerTokens.none();
    for (Map.Entry<Principal, String> e : tokens.entrySet()) {
      accepted = accepted.with(e.getValue(), e.getKey());
    }
    this.server =
        CofferServer.builder().store(coffer).inProcess(name).tokens(accepted).build().start();
  }

  public Coffer coffer() {
    return coffer;
  }

  /** A client authenticated as {@code principal}. */
  public CofferClient client(Principal principal) {
    CofferClient c = CofferClient.builder().inProcess(name).token(tokens.get(principal)).build();
    opened.add(c::close);
    return c;
  }

  /** A client with this token, known or not. */
  public CofferClient clientWithToken(String token) {
    CofferClient c = CofferClient.builder().inProcess(name).token(token).build();
    opened.add(c::close);
    return c;
  }

  /** A bare channel for raw stubs, which see the status and its details as sent. */
  public ManagedChannel channel() {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    opened.add(channel::shutdownNow);
    return channel;
  }

  /** A bare channel that sends {@code principal}'s token with every call. */
  public Channel channel(Principal principal) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + tokens.get(principal));
    return ClientInterceptors.intercept(
        channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  public ObjectStore embedded(Principal principal) {
    return coffer.as(principal);
  }

  public KeyService embeddedKms() {
    return coffer.keystore().as(ROOT);
  }

  public CofferServer server() {
    return server;
  }

  @Override
  public void close() {
    for (Runnable c : opened) {
      c.run();
    }
    server.close();
    coffer.close();
  }
}
