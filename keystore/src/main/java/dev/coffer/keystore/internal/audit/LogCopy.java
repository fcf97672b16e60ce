package dev.coffer.keystore.internal.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditTrail;
import dev.coffer.keystore.audit.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * A copy of a log read where it lies, for auditors: no keystore, no lock, nothing written, so that
 * it may sit on read-only media or beside the live log it was copied from. Each call lists and
 * reads the segment files afresh. Verification, and the public key, need the key the copy was
 * opened with.
 */
public final class LogCopy implements AuditTrail {
  private final Path directory;
  private final Optional<DigestVerifier> key;

  private LogCopy(Path directory, Optional<DigestVerifier> key) {
    this.directory = directory;
    this.key = key;
  }

  /**
   * Opens the copy in {@code directory}, which must hold segment files.
   *
   * @throws NotFoundException if there is no such directory, or no segment file in it
   * @throws InvalidArgumentException if {@code directory} is a file, or the key is not one
   */
  public static LogCopy open(Path directory, Optional<String> publicKey) {
    if (!Files.isDirectory(directory)) {
      if (Files.exists(directory)) {
        throw new InvalidArgumentException(
            directory + " is a file, not an audit log: name the log's directory");
      }
      throw new NotFoundException("no such directory: " + directory);
    }
    Optional<DigestVerifier> key;
    try {
      key = publicKey.map(DigestVerifier::fromExport);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "not the log's public key (PEM or Tink JSON): " + e.getMessage(), e);
    }
    LogCopy copy = new LogCopy(directory, key);
    if (copy.segments().isEmpty()) {
      // A log always keeps a segment, even an empty one, so this is some other directory.
      String hint =
          Files.isDirectory(directory.resolve("audit"))
              ? "; a data directory keeps its log in " + directory.resolve("audit")
              : "";
      throw new NotFoundException(
          "no audit log in " + directory + ": no segment files (audit-*.log) there" + hint);
    }
    return copy;
  }

  private List<SegmentFiles.Segment> segments() {
    try {
      return SegmentFiles.list(directory);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private UncheckedIOException failed(IOException e) {
    return new UncheckedIOException("cannot read audit log " + directory, e);
  }

  @Override
  public AuditPage query(AuditQuery query) {
    try {
      return LogQuery.page(segments(), query);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public long export(AuditQuery query, Appendable out) {
    try {
      return LogQuery.export(segments(), query, out);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * Verifies the whole copy; no head is remembered for it ({@code AuditLog.verifyCopy} takes one).
   */
  @Override
  public VerificationReport verify() {
    return verify(0, Long.MAX_VALUE);
  }

  @Override
  public VerificationReport verify(long first, long last) {
    try {
      return new LogVerifier(key()).verify(segments(), Optional.empty(), first, last);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Verifies the whole copy and that it still reaches {@code head}, if one is known. */
  VerificationReport verifyReaching(Optional<AuditHead> head) {
    try {
      return new LogVerifier(key())
          .verify(segments(), head.map(LogVerifier.Head::of), 0, Long.MAX_VALUE);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public String publicKeyPem() {
    return DigestVerifier.pem(key().publicKey());
  }

  @Override
  public String publicKeysetJson() {
    try {
      KeysetHandle keyset =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.importKey(Ed25519PublicKey.create(Bytes.copyFrom(key().publicKey())))
                      .withRandomId()
                      .makePrimary())
              .build();
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
          keyset, RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot export the audit public key", e);
    }
  }

  private DigestVerifier key() {
    return key.orElseThrow(
        () ->
            new IllegalStateException(
                "the audit log copy "
                    + directory
                    + " was opened without its public key, so it reads but cannot verify"));
  }

  @Override
  public String toString() {
    return "AuditLogCopy[" + directory + "]";
  }
}
