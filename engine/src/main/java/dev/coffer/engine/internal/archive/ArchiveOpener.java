package dev.coffer.engine.internal.archive;

import dev.coffer.engine.archive.ArchiveKeyException;
import dev.coffer.format.v1.ArchiveHeader;
import dev.coffer.format.v1.ArchiveRecipient;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.IncorrectKeyException;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens an archive's data key: the recipients the caller names, or each in turn, until one Decrypt
 * succeeds. When none does, the error names every recipient tried and why, since "which key would
 * open this?" is the question a user then has.
 */
public final class ArchiveOpener {
  private ArchiveOpener() {}

  /** One wrapped copy of the data key. */
  public record Recipient(String keyArn, int keyVersion, byte[] wrapped) {}

  /** The opened body cipher and the recipient that opened it. */
  public record Opened(BodyCipher cipher, String keyArn, int keyVersion) {}

  public static List<Recipient> recipients(ArchiveHeader h) {
    List<Recipient> all = new ArrayList<>();
    all.add(new Recipient(h.getKeyArn(), h.getKeyVersion(), h.getWrappedDataKey().toByteArray()));
    for (ArchiveRecipient r : h.getRecipientsList()) {
      all.add(new Recipient(r.getKeyArn(), r.getKeyVersion(), r.getWrappedDataKey().toByteArray()));
    }
    return all;
  }

  /**
   * @param expectedPairs the caller's context pairs the archive must have been sealed with, if
   *     given; without them the stored context is used (key policies and grants still see it)
   * @param keyIds the keys to try (id, alias or ARN); empty to try every recipient in turn
   */
  public static Opened open(
      KeyService kms,
      HeaderCodec.StoredHeader header,
      Optional<EncryptionContext> expectedPairs,
      List<String> keyIds) {
    ArchiveHeader h = header.proto();
    EncryptionContext context = EncryptionContext.of(h.getEncryptionContextMap());
    if (expectedPairs.isPresent()
        && !ArchiveFormat.wrappingContext(expectedPairs.get()).equals(context)) {
      throw new InvalidCiphertextException(
          "the archive was sealed with another encryption context than the one given");
    }
    List<Failure> failures = new ArrayList<>();
    for (Recipient r : chosen(kms, recipients(h), keyIds, failures)) {
      // The wrapped key names its own key and version; the header's copy of them is checked
      // against it afterwards, so that an altered name reads as damage, not as a missing key.
      Decrypted d;
      try {
        d = kms.decrypt(DecryptRequest.of(r.wrapped(), context));
      } catch (CofferException e) {
        failures.add(new Failure(r.keyArn(), explain(kms, r.keyArn(), e)));
        continue;
      }
      try (d) {
        if (!d.keyArn().equals(r.keyArn()) || d.keyVersion() != r.keyVersion()) {
          throw new InvalidCiphertextException(
              "the archive header names another key or version than its wrapped key: it was"
                  + " altered");
        }
        BodyCipher cipher =
            BodyCipher.forDecryption(
                d.plaintext().borrow(InsecureSecretAccess.get()),
                h.getSegmentSize(),
                header.bytes(),
                h.getKeyCommitment().toByteArray());
        return new Opened(cipher, r.keyArn(), r.keyVersion());
      }
    }
    throw unopened(failures, recipients(h).size());
  }

  private record Failure(String key, CofferException error) {}

  /** The recipients under the named keys, or all of them if none is named. */
  private static List<Recipient> chosen(
      KeyService kms, List<Recipient> all, List<String> keyIds, List<Failure> failures) {
    if (keyIds.isEmpty()) {
      return all;
    }
    List<Recipient> chosen = new ArrayList<>();
    for (String keyId : keyIds) {
      String arn;
      try {
        arn =
            keyId.startsWith("arn:") && keyId.contains(":key/")
                ? keyId
                : kms.describeKey(keyId).arn();
      } catch (CofferException e) {
        failures.add(new Failure(keyId, e));
        continue;
      }
      List<Recipient> matching = all.stream().filter(r -> r.keyArn().equals(arn)).toList();
      if (matching.isEmpty()) {
        failures.add(
            new Failure(
                keyId,
                new IncorrectKeyException(
                    "the archive is not sealed for "
                        + keyId
                        + "; its recipients are "
                        + String.join(", ", all.stream().map(Recipient::keyArn).toList()))));
      }
      chosen.addAll(matching);
    }
    return chosen;
  }

  /** An opaque "invalid ciphertext" is usually a key this keystore does not have: say so. */
  private static CofferException explain(KeyService kms, String arn, CofferException e) {
    if (e.errorCode() != ErrorCode.INTEGRITY_FAILURE) {
      return e;
    }
    try {
      kms.describeKey(arn);
    } catch (NotFoundException missing) {
      return new NotFoundException(arn + " is not a key in this keystore", e);
    } catch (CofferException other) {
      // Not allowed to describe it: the original error stands.
    }
    return e;
  }

  private static CofferException unopened(List<Failure> failures, int recipientCount) {
    if (failures.size() == 1) {
      CofferException only = failures.get(0).error();
      return new ArchiveKeyException(
          only.errorCode(), "cannot open the archive: " + only.getMessage(), only);
    }
    ErrorCode code = failures.get(0).error().errorCode();
    StringBuilder why =
        new StringBuilder(
            "none of the archive's keys opened it ("
                + recipientCount
                + (recipientCount == 1 ? " recipient" : " recipients")
                + "):");
    for (Failure f : failures) {
      why.append("\n  ")
          .append(f.key())
          .append(": ")
          .append(f.error().errorCode())
          .append(" (")
          .append(f.error().getMessage())
          .append(')');
    }
    return new ArchiveKeyException(code, why.toString(), failures.get(0).error());
  }
}
