package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.ArchiveOpener;
import dev.coffer.engine.internal.archive.ArchiveSealer;
import dev.coffer.engine.internal.archive.BodyCipher;
import dev.coffer.keystore.KeyService;
import java.time.Instant;

/**
 * An archive's header together with the cipher derived from its data key: what {@link
 * ArchiveWriter} and {@link ArchiveReader} need. Getting one is the only step that calls the
 * keystore, so a command can close the keystore before it streams. The data key lives on only
 * inside Tink's streaming primitive; the keystore's plaintext copy is zeroed once that is made.
 */
public final class ArchiveKey {
  private final ArchiveHeader header;
  private final BodyCipher cipher;
  private final ArchiveRecipient recipient;

  private ArchiveKey(ArchiveHeader header, BodyCipher cipher, ArchiveRecipient recipient) {
    this.header = header;
    this.cipher = cipher;
    this.recipient = recipient;
  }

  /**
   * A fresh data key for a new archive: GenerateDataKey under the spec's key, and Encrypt of it
   * under each further recipient, all bound to the spec's context plus {@code coffer:archive=1}.
   *
   * @throws dev.coffer.keystore.CofferException as the keystore refuses (access denied, key
   *     disabled or unknown, …)
   */
  public static ArchiveKey create(KeyService kms, ArchiveSpec spec) {
    ArchiveSealer.Sealed sealed =
        ArchiveSealer.seal(
            kms,
            spec.keyId(),
            spec.encryptionContext(),
            spec.recipients(),
            spec.segmentSize(),
            spec.created().orElseGet(Instant::now),
            spec.exportedBucket().orElse(""));
    ArchiveHeader header = new ArchiveHeader(sealed.header());
    return new ArchiveKey(header, sealed.cipher(), header.recipients().get(0));
  }

  /**
   * Opens the data key of an existing archive with the first recipient that succeeds.
   *
   * @throws dev.coffer.keystore.InvalidCiphertextException if the context differs from the expected
   *     one, or the header was altered
   * @throws ArchiveKeyException if no recipient opens it, naming each and why
   */
  public static ArchiveKey open(KeyService kms, ArchiveHeader header, OpenOptions options) {
    ArchiveOpener.Opened opened =
        ArchiveOpener.open(kms, header.stored(), options.expectedContext(), options.keyIds());
    return new ArchiveKey(
        header, opened.cipher(), new ArchiveRecipient(opened.keyArn(), opened.keyVersion()));
  }

  public ArchiveHeader header() {
    return header;
  }

  /** The recipient whose key was used: the archive's key when created, the opener's when read. */
  public ArchiveRecipient recipient() {
    return recipient;
  }

  BodyCipher cipher() {
    return cipher;
  }

  @Override
  public String toString() {
    return "ArchiveKey[" + recipient + ", redacted]";
  }
}
