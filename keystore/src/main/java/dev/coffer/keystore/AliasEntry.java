package dev.coffer.keystore;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** One alias: its name ({@code alias/...}), ARN, and the key it points at. */
public record AliasEntry(
    String aliasName,
    String aliasArn,
    String targetKeyId,
    Instant creationDate,
    Instant lastUpdatedDate) {
  private static final Pattern NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");

  public AliasEntry {
    Objects.requireNonNull(aliasName, "aliasName");
    Objects.requireNonNull(aliasArn, "aliasArn");
    Objects.requireNonNull(targetKeyId, "targetKeyId");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(lastUpdatedDate, "lastUpdatedDate");
  }

  /**
   * Checks a name for an alias as CreateAlias does ({@code alias/} then 1 to 250 letters, digits,
   * {@code /}, {@code _} or {@code -}; {@code alias/aws/} is reserved), without a keystore call: a
   * caller about to create a key and then its alias can refuse a bad name before creating the key.
   *
   * @return the name
   * @throws InvalidArgumentException if CreateAlias would refuse the name
   */
  public static String checkName(String aliasName) {
    if (aliasName == null || !NAME.matcher(aliasName).matches()) {
      throw new InvalidArgumentException(
          "alias names are alias/ followed by 1 to 250 letters, digits, '/', '_' or '-': "
              + aliasName);
    }
    if (aliasName.startsWith("alias/aws/")) {
      throw new InvalidArgumentException("alias names starting with alias/aws/ are reserved");
    }
    return aliasName;
  }
}
