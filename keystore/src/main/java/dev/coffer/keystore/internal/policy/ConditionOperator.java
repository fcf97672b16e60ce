package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * The IAM condition operators. Each compiles a policy value once ({@link #compile}) into a {@link
 * ValueTest} that answers the positive question ("does this request value equal / match / lie below
 * it?"). Negated operators ({@code StringNotEquals}, {@code NumericNotEquals}, ...) use their
 * positive twin and are inverted by {@link Condition}: a request value satisfies them when it
 * matches none of the policy values (OR becomes AND).
 */
enum ConditionOperator {
  STRING_EQUALS("StringEquals", Kind.STRING, false),
  STRING_NOT_EQUALS("StringNotEquals", Kind.STRING, true),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Kind.STRING_IGNORE_CASE, false),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Kind.STRING_IGNORE_CASE, true),
  STRING_LIKE("StringLike", Kind.LIKE, false),
  STRING_NOT_LIKE("StringNotLike", Kind.LIKE, true),
  NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", Kind.NUMERIC, true),
  NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, false),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, false),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, false),
  DATE_EQUALS("DateEquals", Kind.DATE, false),
  DATE_NOT_EQUALS("DateNotEquals", Kind.DATE, true),
  DATE_LESS_THAN("DateLessThan", Kind.DATE, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", Kind.DATE, false),
  DATE_GREATER_THAN("DateGreaterThan", Kind.DATE, false),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Kind.DATE, false),
  BOOL("Bool", Kind.BOOL, false),
  BINARY_EQUALS("BinaryEquals", Kind.BINARY, false),
  IP_ADDRESS("IpAddress", Kind.IP, false),
  NOT_IP_ADDRESS("NotIpAddress", Kind.IP, true),
  ARN_EQUALS("ArnEquals", Kind.ARN, false),
  ARN_LIKE("ArnLike", Kind.ARN, false),
  ARN_NOT_EQUALS("ArnNotEquals", Kind.ARN, true),
  ARN_NOT_LIKE("ArnNotLike", Kind.ARN, true),
  NULL("Null", Kind.NULL, false);

  enum Kind {
    STRING,
    STRING_IGNORE_CASE,
    LIKE,
    NUMERIC,
    DATE,
    BOOL,
    BINARY,
    IP,
    ARN,
    NULL
  }

  /** A compiled policy value: does a request value satisfy the operator's positive form? */
  @FunctionalInterface
  interface ValueTest {
    boolean test(String requestValue, RequestContext request);
  }

  private final String iamName;
  private final Kind kind;
  private final boolean negated;

  ConditionOperator(String iamName, Kind kind, boolean negated) {
    this.iamName = iamName;
    this.kind = kind;
    this.negated = negated;
  }

  String iamName() {
    return iamName;
  }

  Kind kind() {
    return kind;
  }

  boolean negated() {
    return negated;
  }

  /** The operator with this exact IAM name, or null. */
  static ConditionOperator byName(String name) {
    for (ConditionOperator op : values()) {
      if (op.iamName.equals(name)) {
        return op;
      }
    }
    return null;
  }

  /**
   * Compiles one policy value.
   *
   * @throws IllegalArgumentException with a message if the value is not of the operator's type
   */
  ValueTest compile(Template value) {
    String raw = value.raw();
    return switch (kind) {
      case STRING -> literalOrVariable(value, String::equals);
      case STRING_IGNORE_CASE -> literalOrVariable(value, String::equalsIgnoreCase);
      case LIKE, ARN -> glob(value);
      case NUMERIC -> numeric(parseNumber(raw));
      case DATE -> date(parseDate(raw));
      case BOOL -> {
        String b = raw.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw new IllegalArgumentException("Bool takes true or false, not \"" + raw + "\"");
        }
        yield (r, q) -> r.equalsIgnoreCase(b);
      }
      case BINARY -> {
        byte[] expected = decodeBase64(raw);
        yield (r, q) -> {
          try {
            return java.security.MessageDigest.isEqual(expected, Base64.getDecoder().decode(r));
          } catch (IllegalArgumentException e) {
            return false;
          }
        };
      }
      case IP -> {
        Cidr cidr = Cidr.parse(raw);
        yield (r, q) -> cidr.contains(r);
      }
      case NULL -> throw new IllegalStateException("Null is evaluated by Condition");
    };
  }

  private static ValueTest literalOrVariable(Template value, BiPredicate<String, String> equal) {
    if (!value.hasVariables()) {
      String literal = value.text(null);
      return (r, q) -> equal.test(r, literal);
    }
    return (r, q) -> {
      String expanded = value.text(q);
      return expanded != null && equal.test(r, expanded);
    };
  }

  private ValueTest glob(Template value) {
    if (kind == Kind.ARN && !value.raw().equals("*") && !value.raw().startsWith("arn:")) {
      throw new IllegalArgumentException(iamName + " takes an ARN, not \"" + value.raw() + "\"");
    }
    if (!value.hasVariables()) {
      Glob g = value.glob(false);
      return (r, q) -> g.matches(r);
    }
    return (r, q) -> {
      Glob g = value.glob(q, false);
      return g != null && g.matches(r);
    };
  }

  private ValueTest numeric(BigDecimal policy) {
    return (r, q) -> {
      BigDecimal request;
      try {
        request = new BigDecimal(r.trim());
      } catch (NumberFormatException e) {
        return false;
      }
      int c = request.compareTo(policy);
      return switch (this) {
        case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS -> c == 0;
        case NUMERIC_LESS_THAN -> c < 0;
        case NUMERIC_LESS_THAN_EQUALS -> c <= 0;
        case NUMERIC_GREATER_THAN -> c > 0;
        case NUMERIC_GREATER_THAN_EQUALS -> c >= 0;
        default -> throw new IllegalStateException(name());
      };
    };
  }

  private ValueTest date(Instant policy) {
    return (r, q) -> {
      Instant request;
      try {
        request = parseDate(r);
      } catch (IllegalArgumentException e) {
        return false;
      }
      int c = request.compareTo(policy);
      return switch (this) {
        case DATE_EQUALS, DATE_NOT_EQUALS -> c == 0;
        case DATE_LESS_THAN -> c < 0;
        case DATE_LESS_THAN_EQUALS -> c <= 0;
        case DATE_GREATER_THAN -> c > 0;
        case DATE_GREATER_THAN_EQUALS -> c >= 0;
        default -> throw new IllegalStateException(name());
      };
    };
  }

  private BigDecimal parseNumber(String raw) {
    try {
      return new BigDecimal(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(iamName + " takes a number, not \"" + raw + "\"");
    }
  }

  /** ISO 8601 date-times (with offset or Z), ISO dates, or epoch seconds, as IAM accepts. */
  static Instant parseDate(String raw) {
    String s = raw.trim();
    try {
      if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      if (s.length() == 10) {
        return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("not a date (ISO 8601 or epoch seconds): \"" + raw + "\"");
    }
  }

  private static byte[] decodeBase64(String raw) {
    try {
      return Base64.getDecoder().decode(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("BinaryEquals takes base64, not \"" + raw + "\"");
    }
  }
}
