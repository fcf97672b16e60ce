package dev.coffer.keystore;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is calling: an IAM-style ARN such as {@code arn:aws:iam::123456789012:role/AppServerRole}.
 * Embedded callers name it; the sidecar derives it from credentials. Any printable string without
 * whitespace is accepted so that local names work too, but only ARNs carry an account.
 */
public final class Principal {
  private static final int MAX_LENGTH = 2048;
  private static final Pattern IAM_ARN =
      Pattern.compile("arn:aws:(?:iam|sts)::(\\d{12}):(?:root|user/.+|role/.+|assumed-role/.+)");
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/.+");
  private static final Pattern IAM_USER =
      Pattern.compile("arn:aws:iam::\\d{12}:user/(?:.*/)?([^/]+)");

  private final String name;
  // Derived once: policies ask for these on every decision.
  private final String account;
  private final String roleArn;
  private final String userName;

  private Principal(String name) {
    this.name = name;
    Matcher m = IAM_ARN.matcher(name);
    this.account = m.matches() ? m.group(1) : "";
    Matcher role = ASSUMED_ROLE.matcher(name);
    this.roleArn =
        role.matches() ? "arn:aws:iam::" + role.group(1) + ":role/" + role.group(2) : null;
    Matcher user = IAM_USER.matcher(name);
    this.userName = user.matches() ? user.group(1) : null;
  }

  /**
   * Parses a principal.
   *
   * @throws InvalidArgumentException if the name is empty, too long, or has whitespace or control
   *     characters
   */
  public static Principal of(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("principal must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidArgumentException("principal is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidArgumentException(
            "principal must not contain whitespace or control characters");
      }
    }
    return new Principal(name);
  }

  /** The account root principal {@code arn:aws:iam::ACCOUNT:root}. */
  public static Principal accountRoot(String account) {
    return of("arn:aws:iam::" + account + ":root");
  }

  public String name() {
    return name;
  }

  /** The 12-digit account of an IAM or STS ARN, or empty for other names. */
  public String account() {
    return account;
  }

  /** For an STS assumed-role session, the IAM ARN of its role, which policies name. */
  public Optional<String> roleArn() {
    return Optional.ofNullable(roleArn);
  }

  /** For an IAM user, its name ({@code aws:username}). */
  public Optional<String> userName() {
    return Optional.ofNullable(userName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && p.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
