package dev.coffer.cli;

import java.security.GeneralSecurityException;

/**
 * Tells Netty's and gRPC's failures to read TLS material (PEM certificates and keys) from the other
 * IllegalArgumentExceptions that the same channel and server builders throw, such as an invalid
 * host: only the former may be reported as an unusable PEM file.
 */
final class PemFailures {
  /** What gRPC prefixes to the message of an SSLException, the one part of it that it keeps. */
  private static final String SSL_CONTEXT = "Unable to create SslContext: ";

  private PemFailures() {}

  /**
   * Whether {@code e} says that a certificate or key could not be read: gRPC's failure to build the
   * SSL context, or Netty's, whose cause is a certificate or key exception.
   */
  static boolean isPemFailure(IllegalArgumentException e) {
    if (String.valueOf(e.getMessage()).startsWith(SSL_CONTEXT)) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof GeneralSecurityException) {
        return true;
      }
    }
    return false;
  }

  /** What is wrong with the file, without gRPC's prefix. */
  static String detail(IllegalArgumentException e) {
    return String.valueOf(e.getMessage()).replace(SSL_CONTEXT, "");
  }
}
