package dev.coffer.keystore;

import java.util.Objects;

/**
 * Result of CreateGrant. The token retires the grant (RetireGrant) and is shown only here; the
 * keystore keeps only its hash. {@code toString} does not show it.
 */
public record CreatedGrant(String grantId, String grantToken) {
  public CreatedGrant {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(grantToken, "grantToken");
  }

  @Override
  public String toString() {
    return "CreatedGrant[grantId=" + grantId + ", grantToken=redacted]";
  }
}
