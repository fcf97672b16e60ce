package dev.coffer.cli;

import dev.coffer.grpc.BearerTokens;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens {@code coffer serve} keeps in {@code DIR/sidecar/}: {@code tokens} holds the
 * hash and principal of each, and each token itself is in a file of its own, owner-only. The first
 * run's token is in {@code token}; a later run for another principal adds one in {@code
 * token-NAME-HASH}, so that the tokens of the principals served before keep working.
 */
final class SidecarTokens {
  static final String TOKENS = "tokens";
  static final String FIRST_TOKEN = "token";

  private SidecarTokens() {}

  /**
   * The file holding a token the tokens file maps to {@code principal}: one that already does, or a
   * new one.
   */
  static Path tokenFor(Path sidecar, Principal principal) throws IOException {
    Files.createDirectories(sidecar);
    Path tokens = sidecar.resolve(TOKENS);
    Path first = sidecar.resolve(FIRST_TOKEN);
    if (!Files.exists(tokens)) {
      String token = issue(first);
      replace(
          tokens,
          "# coffer serve: sha256 of each accepted bearer token, and its principal\n"
              + BearerTokens.fileLine(token, principal)
              + "\n");
      return first;
    }
    BearerTokens accepted = BearerTokens.load(tokens);
    Path own = sidecar.resolve(fileName(principal));
    for (Path file : List.of(first, own)) {
      if (holdsTokenOf(file, accepted, principal)) {
        return file;
      }
    }
    // Whatever is in `own` is not a token of this principal any more (its line was removed, say).
    String token = issue(own);
    String existing = Files.readString(tokens, StandardCharsets.UTF_8);
    String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
    replace(tokens, existing + separator + BearerTokens.fileLine(token, principal) + "\n");
    return own;
  }

  /**
   * The file name of a later principal's token: readable from the end of its name, and unique
   * through a hash of all of it (roles of the same name in two accounts, say).
   */
  static String fileName(Principal principal) {
    String name = principal.name();
    String tail = name.substring(name.lastIndexOf(':') + 1).replaceAll("[^A-Za-z0-9._@=,+-]", "-");
    if (tail.length() > 48) {
      tail = tail.substring(tail.length() - 48);
    }
    String hash = HexFormat.of().formatHex(sha256(name), 0, 4);
    return FIRST_TOKEN + "-" + (tail.isEmpty() ? "" : tail + "-") + hash;
  }

  private static boolean holdsTokenOf(Path file, BearerTokens accepted, Principal principal)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    return !token.isEmpty() && accepted.authenticate(token).equals(Optional.of(principal));
  }

  /**
   * Writes the tokens file whole and renames it into place: a crash part-way through must not leave
   * a partial line, which every later {@code serve} would refuse to load.
   */
  private static void replace(Path file, String content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String issue(Path file) throws IOException {
    String token = BearerTokens.newToken();
    Files.deleteIfExists(file);
    SecretFiles.writeOwnerOnly(file, token + "\n");
    return token;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
