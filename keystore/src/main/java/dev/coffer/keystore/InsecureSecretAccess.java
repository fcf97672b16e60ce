package dev.coffer.keystore;

/**
 * Token required to read secret bytes out of a {@link Plaintext}. It grants nothing by itself; it
 * exists so that every place that handles raw key material names it, and a search for this class
 * finds them all (the idea of Tink's {@code InsecureSecretKeyAccess}).
 */
public final class InsecureSecretAccess {
  private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

  private InsecureSecretAccess() {}

  public static InsecureSecretAccess get() {
    return INSTANCE;
  }
}
