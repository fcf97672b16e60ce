package dev.coffer.engine;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * CreateBucket: a name following S3's rules and, optionally, default encryption. Without one, the
 * bucket's objects are encrypted under Coffer's managed default key ({@code alias/coffer/default}),
 * as S3 falls back to a managed key.
 */
public final class CreateBucketRequest {
  private final String name;
  private final Optional<BucketEncryption> encryption;

  private CreateBucketRequest(String name, Optional<BucketEncryption> encryption) {
    this.name = name;
    this.encryption = encryption;
  }

  public static CreateBucketRequest of(String name) {
    return new CreateBucketRequest(BucketNames.validate(name), Optional.empty());
  }

  public static CreateBucketRequest of(String name, BucketEncryption encryption) {
    return new CreateBucketRequest(
        BucketNames.validate(name), Optional.of(Objects.requireNonNull(encryption, "encryption")));
  }

  public String name() {
    return name;
  }

  public Optional<BucketEncryption> encryption() {
    return encryption;
  }

  /** S3's bucket naming rules. */
  static final class BucketNames {
    private BucketNames() {}

    static String validate(String name) {
      if (name == null || name.length() < 3 || name.length() > 63) {
        throw new InvalidArgumentException("bucket names are 3 to 63 characters long");
      }
      if (!name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
        throw new InvalidArgumentException(
            "bucket names use lower-case letters, digits, '.' and '-', and start and end with a"
                + " letter or digit: "
                + name);
      }
      if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
        throw new InvalidArgumentException("bucket names cannot hold '..', '.-' or '-.': " + name);
      }
      if (name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
        throw new InvalidArgumentException("bucket names cannot look like IP addresses: " + name);
      }
      if (name.startsWith("xn--")
          || name.startsWith("sthree-")
          || name.endsWith("-s3alias")
          || name.endsWith("--ol-s3")) {
        throw new InvalidArgumentException(
            "bucket name uses a prefix or suffix S3 reserves: " + name);
      }
      return name;
    }
  }
}
