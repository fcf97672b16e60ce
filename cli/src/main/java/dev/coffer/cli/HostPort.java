package dev.coffer.cli;

import dev.coffer.keystore.InvalidArgumentException;

/**
 * A {@code HOST:PORT} or {@code [IPV6]:PORT} argument, as {@code --listen} and {@code --server}.
 */
record HostPort(String host, int port) {

  /**
   * Parses {@code text}, the value of {@code option}.
   *
   * @throws InvalidArgumentException naming the option when it is not HOST:PORT
   */
  static HostPort parse(String option, String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 1 || colon == text.length() - 1) {
      throw new InvalidArgumentException(option + " must be HOST:PORT, not " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(option + " must be HOST:PORT, not " + text);
    }
    if (port < 0 || port > 65535) {
      throw new InvalidArgumentException("the port of " + option + " must be 0 to 65535");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
