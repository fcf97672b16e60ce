package dev.coffer.keystore;

import dev.coffer.keystore.testing.MutableClock;
import dev.coffer.keystore.testing.RecordingAuditSink;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real keystore in a temporary directory, with a clock that tests move and an audit sink that
 * records. Lives in the API package so tests can reach the builder's storage seam.
 */
public final class KeystoreFixture implements AutoCloseable {
  public static final Principal ADMIN = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
  public static final Principal ALICE = Principal.of("arn:aws:iam::000000000000:role/Alice");
  public static final Principal BOB = Principal.of("arn:aws:iam::000000000000:role/Bob");

  public final Path directory;
  public final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  public final RecordingAuditSink audit = new RecordingAuditSink();
  private final UnaryOperator<Keystore.Builder> customizer;
  private Keystore keystore;

  public KeystoreFixture(Path directory) {
    this(directory, b -> b);
  }

  public KeystoreFixture(Path directory, UnaryOperator<Keystore.Builder> customizer) {
    this.directory = directory;
    this.customizer = customizer;
    this.keystore = open();
  }

  public Keystore.Builder builder() {
    return customizer.apply(Keystore.builder(directory).clock(clock).auditSink(audit));
  }

  private Keystore open() {
    return builder().open();
  }

  public Keystore keystore() {
    return keystore;
  }

  public KeyService admin() {
    return keystore.as(ADMIN);
  }

  public KeyService as(Principal principal) {
    return keystore.as(principal);
  }

  /** Closes and opens the keystore again, as a process restart would. */
  public Keystore reopen() {
    keystore.close();
    keystore = open();
    return keystore;
  }

  /**
   * Attaches an identity policy allowing {@code action} on {@code resource} to {@code principal}.
   */
  public void allow(Principal principal, String action, String resource) {
    String name = "allow-" + Integer.toHexString((action + resource).hashCode());
    admin()
        .putPrincipalPolicy(
            principal,
            name,
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\""
                + action
                + "\",\"Resource\":\""
                + resource
                + "\"}}");
  }

  /** A new enabled key created by the administrator. */
  public KeyMetadata newKey() {
    return admin().createKey(CreateKeyRequest.defaults());
  }

  @Override
  public void close() {
    keystore.close();
  }
}
