package dev.coffer.keystore.internal.service;

import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key and alias names: ARNs of this keystore's region and account, and parsing of the four forms a
 * caller may use to name a key (id, {@code alias/NAME}, key ARN, alias ARN).
 */
final class ResourceNames {
  private static final Pattern ARN =
      Pattern.compile("arn:aws:kms:([a-z0-9-]+):(\\d{12}):(key/.+|alias/.+)");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  private final String region;
  private final String account;
  // ARNs are built on every call (audit, authorization); keys are few, so remember them.
  private final java.util.concurrent.ConcurrentHashMap<UUID, String> keyArns =
      new java.util.concurrent.ConcurrentHashMap<>();
  // Callers name the same few keys again and again (a rewrap job once or twice per object), and a
  // regular-expression match per naming was a tenth of a ReEncrypt. Parsing is pure, so remember
  // the answers; the bound keeps a caller who names endless keys from growing the map for ever.
  private static final int PARSED_LIMIT = 4096;
  private final java.util.concurrent.ConcurrentHashMap<String, KeyRef> parsed =
      new java.util.concurrent.ConcurrentHashMap<>();

  ResourceNames(String region, String account) {
    if (!REGION.matcher(region).matches()) {
      throw new InvalidArgumentException("region must be lower-case letters, digits and dashes");
    }
    if (!ACCOUNT.matcher(account).matches()) {
      throw new InvalidArgumentException("account must be 12 digits");
    }
    this.region = region;
    this.account = account;
  }

  String region() {
    return region;
  }

  String account() {
    return account;
  }

  String keyArn(UUID keyId) {
    String arn = keyArns.get(keyId);
    if (arn == null) {
      arn = "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
      keyArns.put(keyId, arn);
    }
    return arn;
  }

  String aliasArn(String aliasName) {
    return "arn:aws:kms:" + region + ":" + account + ":" + aliasName;
  }

  /** A parsed key reference: exactly one of the two is present. */
  record KeyRef(Optional<UUID> keyId, Optional<String> aliasName) {}

  /**
   * Parses a key reference.
   *
   * @throws InvalidArgumentException if it is none of the accepted forms
   * @throws NotFoundException if it is an ARN of another region or account
   */
  KeyRef parse(String ref) {
    KeyRef known = ref == null ? null : parsed.get(ref);
    if (known != null) {
      return known;
    }
    KeyRef fresh = parseAnew(ref);
    if (parsed.size() >= PARSED_LIMIT) {
      parsed.clear();
    }
    parsed.put(ref, fresh);
    return fresh;
  }

  private KeyRef parseAnew(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw new InvalidArgumentException("a key id, alias or ARN is required");
    }
    String local = ref;
    Matcher arn = ref.startsWith("arn:") ? ARN.matcher(ref) : null;
    if (arn != null && arn.matches()) {
      if (!arn.group(1).equals(region) || !arn.group(2).equals(account)) {
        throw new NotFoundException(
            ref + " is not in this keystore (region " + region + ", account " + account + ")");
      }
      local = arn.group(3);
      if (local.startsWith("key/")) {
        return new KeyRef(Optional.of(uuid(local.substring(4), ref)), Optional.empty());
      }
    }
    if (local.startsWith("alias/")) {
      return new KeyRef(Optional.empty(), Optional.of(AliasEntry.checkName(local)));
    }
    return new KeyRef(Optional.of(uuid(local, ref)), Optional.empty());
  }

  /** Accepts an alias name or alias ARN, returning the name. */
  String aliasName(String nameOrArn) {
    if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
      KeyRef ref = parse(nameOrArn);
      return ref.aliasName()
          .orElseThrow(() -> new InvalidArgumentException(nameOrArn + " is not an alias ARN"));
    }
    return AliasEntry.checkName(nameOrArn);
  }

  private static UUID uuid(String s, String ref) {
    try {
      UUID id = UUID.fromString(s);
      if (!id.toString().equals(s.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("not a key id, alias/NAME, key ARN or alias ARN: " + ref);
    }
  }
}
