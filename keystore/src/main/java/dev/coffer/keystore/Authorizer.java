package dev.coffer.keystore;

/**
 * Decides whether a caller may perform an action. Every keystore call passes exactly one
 * authorizer. The default evaluates key policies, grants and identity policies as AWS does (see
 * {@code dev.coffer.keystore.policy}); replacing it is for embedders with their own access model.
 * Implementations must be thread-safe and fast: they run on every data-key operation.
 */
@FunctionalInterface
public interface Authorizer {
  AccessDecision authorize(AccessRequest request);
}
