package dev.coffer.keystore;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * CreateGrant: lets {@code grantee} perform {@code operations} on one key, in addition to what the
 * key policy allows. Cryptographic operations can be limited to requests whose encryption context
 * equals ({@link Builder#constraintEquals}) or contains ({@link Builder#constraintSubset}) given
 * pairs; constraint keys compare case-insensitively, values exactly, as KMS.
 */
public final class CreateGrantRequest {
  private final String keyId;
  private final Principal grantee;
  private final Set<GrantOperation> operations;
  private final Map<String, String> constraintEquals;
  private final Map<String, String> constraintSubset;
  private final Optional<Principal> retiringPrincipal;
  private final String name;

  private CreateGrantRequest(Builder b) {
    this.keyId = b.keyId;
    this.grantee = b.grantee;
    this.operations = Set.copyOf(b.operations);
    this.constraintEquals = Map.copyOf(b.constraintEquals);
    this.constraintSubset = Map.copyOf(b.constraintSubset);
    this.retiringPrincipal = Optional.ofNullable(b.retiringPrincipal);
    this.name = b.name;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String keyId() {
    return keyId;
  }

  public Principal grantee() {
    return grantee;
  }

  public Set<GrantOperation> operations() {
    return operations;
  }

  public Map<String, String> constraintEquals() {
    return constraintEquals;
  }

  public Map<String, String> constraintSubset() {
    return constraintSubset;
  }

  public Optional<Principal> retiringPrincipal() {
    return retiringPrincipal;
  }

  public String name() {
    return name;
  }

  /** Validating builder. */
  public static final class Builder {
    private String keyId;
    private Principal grantee;
    private final Set<GrantOperation> operations = EnumSet.noneOf(GrantOperation.class);
    private Map<String, String> constraintEquals = Map.of();
    private Map<String, String> constraintSubset = Map.of();
    private Principal retiringPrincipal;
    private String name = "";

    private Builder() {}

    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    public Builder grantee(Principal grantee) {
      this.grantee = Objects.requireNonNull(grantee, "grantee");
      return this;
    }

    public Builder operation(GrantOperation op) {
      operations.add(Objects.requireNonNull(op, "operation"));
      return this;
    }

    public Builder operations(Set<GrantOperation> ops) {
      ops.forEach(this::operation);
      return this;
    }

    public Builder constraintEquals(Map<String, String> pairs) {
      this.constraintEquals = Map.copyOf(pairs);
      return this;
    }

    public Builder constraintSubset(Map<String, String> pairs) {
      this.constraintSubset = Map.copyOf(pairs);
      return this;
    }

    public Builder retiringPrincipal(Principal principal) {
      this.retiringPrincipal = Objects.requireNonNull(principal, "retiringPrincipal");
      return this;
    }

    /** A friendly name, 1–256 characters of letters, digits and {@code :/_-}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public CreateGrantRequest build() {
      if (keyId == null || grantee == null) {
        throw new InvalidArgumentException("a grant needs a key and a grantee principal");
      }
      if (operations.isEmpty()) {
        throw new InvalidArgumentException("a grant needs at least one operation");
      }
      if (!constraintEquals.isEmpty() && !constraintSubset.isEmpty()) {
        throw new InvalidArgumentException(
            "a grant takes EncryptionContextEquals or EncryptionContextSubset, not both");
      }
      boolean constrained = !constraintEquals.isEmpty() || !constraintSubset.isEmpty();
      if (constrained && !operations.stream().allMatch(GrantOperation::cryptographic)) {
        throw new InvalidArgumentException(
            "grant constraints apply only to cryptographic operations; remove CreateGrant,"
                + " RetireGrant and DescribeKey or the constraint");
      }
      if (!name.isEmpty() && !name.matches("[a-zA-Z0-9:/_-]{1,256}")) {
        throw new InvalidArgumentException(
            "grant names are 1 to 256 letters, digits, ':', '/', '_' or '-'");
      }
      return new CreateGrantRequest(this);
    }
  }
}
