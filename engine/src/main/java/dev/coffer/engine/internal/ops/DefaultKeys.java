package dev.coffer.engine.internal.ops;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyStatus;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;

/**
 * Coffer's managed keys, created on first need by the engine acting as the account root, as S3
 * creates {@code aws/s3}: the default key of buckets created without their own.
 */
public final class DefaultKeys {
  public static final String DEFAULT_ALIAS = "alias/coffer/default";

  private final Keystore keystore;
  private final Caller engine;
  private final String account;
  private final String viaService;

  public DefaultKeys(Keystore keystore, String account, String viaService) {
    this.keystore = keystore;
    this.engine = Caller.of(Principal.accountRoot(account)).via(viaService);
    this.account = account;
    this.viaService = viaService;
  }

  /** The ARN of the default key, creating it (and its alias) the first time. */
  public synchronized String defaultKeyArn() {
    return keystore.keyStatus(DEFAULT_ALIAS).map(KeyStatus::keyArn).orElseGet(this::create);
  }

  private String create() {
    KeyService kms = keystore.as(engine);
    KeyMetadata key =
        kms.createKey(
            CreateKeyRequest.builder()
                .description("Coffer's default key for buckets created without their own")
                .tag("coffer:managed", "true")
                .policy(ManagedKeyPolicy.forDefaultKey(account, viaService))
                .build());
    kms.createAlias(DEFAULT_ALIAS, key.keyId());
    return key.arn();
  }
}
