package dev.coffer.grpc;

import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bearer tokens the sidecar accepts, each mapped to a principal. Only SHA-256 hashes of the tokens
 * are held, so a leaked tokens file does not hand out the tokens. A presented token is hashed and
 * compared against every entry in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>The tokens file has one entry a line, {@code sha256:HEX PRINCIPAL}; blank lines and lines
 * starting with {@code #} are ignored. {@link #fileLine} writes a line for a new token.
 */
public final class BearerTokens {
  private static final String PREFIX = "sha256:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry(byte[] hash, Principal principal) {}

  private final List<Entry> entries;

  private BearerTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No tokens: every bearer token is refused. */
  public static BearerTokens none() {
    return new BearerTokens(List.of());
  }

  /**
   * Reads a tokens file.
   *
   * @throws InvalidArgumentException naming the line number (never its content) of a bad line
   * @throws IOException if the file cannot be read
   */
  public static BearerTokens load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2 || !parts[0].startsWith(PREFIX)) {
        throw new InvalidArgumentException(
            "tokens file line " + (i + 1) + " is not 'sha256:HEX PRINCIPAL'");
      }
      byte[] hash;
      try {
        hash = HexFormat.of().parseHex(parts[0].substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("tokens file line " + (i + 1) + " has a bad hash");
      }
      if (hash.length != 32) {
        throw new InvalidArgumentException("tokens file line " + (i + 1) + " has a bad hash");
      }
      entries.add(new Entry(hash, Principal.of(parts[1])));
    }
    return new BearerTokens(entries);
  }

  /** These tokens and one more, held as its hash. */
  public BearerTokens with(String token, Principal principal) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(sha256(token), Objects.requireNonNull(principal, "principal")));
    return new BearerTokens(more);
  }

  /** A new random token: 32 bytes from a {@link SecureRandom}, base64url without padding. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The tokens-file line for {@code token}: its hash and the principal, not the token. */
  public static String fileLine(String token, Principal principal) {
    return PREFIX + HexFormat.of().formatHex(sha256(token)) + " " + principal.name();
  }

  /** The principal a token maps to; empty for an unknown token. */
  public Optional<Principal> authenticate(String token) {
    byte[] presented = sha256(token);
    Principal found = null;
    // Every entry is compared, so the time taken does not tell which one matched.
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash(), presented) && found == null) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "BearerTokens[" + entries.size() + " tokens]";
  }
}
