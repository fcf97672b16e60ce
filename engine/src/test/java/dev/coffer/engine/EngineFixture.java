package dev.coffer.engine;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.MutableClock;
import dev.coffer.keystore.testing.RecordingAuditSink;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real Coffer (RocksDB and keystore) in a temporary directory, with small segments. */
public final class EngineFixture implements AutoCloseable {
  public static final Principal ROOT = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  public static final int SEGMENT = 16 * 1024;

  public final Path directory;
  public final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
  public final RecordingAuditSink audit = new RecordingAuditSink();
  private final UnaryOperator<Coffer.Builder> customizer;
  private Coffer coffer;

  public EngineFixture(Path directory) {
    this(directory, b -> b);
  }

  public EngineFixture(Path directory, UnaryOperator<Coffer.Builder> customizer) {
    this.directory = directory;
    this.customizer = customizer;
    this.coffer = open();
  }

  private Coffer open() {
    return customizer
        .apply(
            Coffer.builder(directory)
                .segmentSize(SEGMENT)
                .warmUpCrypto(false)
                .clock(clock)
                .keystore(k -> k.auditSink(audit)))
        .open();
  }

  public Coffer coffer() {
    return coffer;
  }

  /** The account root of this Coffer's account. */
  public Principal rootPrincipal() {
    return Principal.accountRoot(coffer.keystore().account());
  }

  public ObjectStore root() {
    return coffer.as(rootPrincipal());
  }

  public ObjectStore as(Principal principal) {
    return coffer.as(principal);
  }

  public KeyService kms() {
    return coffer.keystore().as(rootPrincipal());
  }

  /** Keystore calls recorded so far (each keystore operation appends exactly one event). */
  public long keystoreCalls() {
    return audit.count(e -> e.eventSource().equals("keystore"));
  }

  public AuditEvent lastEngineEvent() {
    return audit.events().stream()
        .filter(e -> e.eventSource().equals("engine"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  public Coffer reopen() {
    coffer.close();
    coffer = open();
    return coffer;
  }

  @Override
  public void close() {
    coffer.close();
  }
}
