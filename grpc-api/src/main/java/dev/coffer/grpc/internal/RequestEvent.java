package dev.coffer.grpc.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit event a request stands for, as far as the sidecar can tell from the message alone:
 * which component records the operation ({@code engine}, {@code keystore}, or {@code admin} for the
 * sidecar's own audit-log calls), its event name and read-only flag as that component records them,
 * and the request parameters that name things (bucket, object key, key id, principal). It describes
 * requests the sidecar refuses before the operation runs ({@link RejectedRequests}); a request that
 * reaches the operation is described by the operation itself.
 *
 * @param parameters only names, never plaintext, ciphertext, key material, documents or tokens:
 *     {@link RequestConverter}, and the audit service for its own calls, add each by name from a
 *     field that holds a name
 */
record RequestEvent(
    String source, String eventName, boolean readOnly, Map<String, String> parameters) {

  RequestEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(eventName, "eventName");
    parameters = Map.copyOf(parameters);
  }

  /** An object, bucket or job operation, which the engine records. */
  static RequestEvent engine(String eventName, boolean readOnly) {
    return new RequestEvent("engine", eventName, readOnly, Map.of());
  }

  /** A KMS operation, which the keystore records. */
  static RequestEvent keystore(String eventName, boolean readOnly) {
    return new RequestEvent("keystore", eventName, readOnly, Map.of());
  }

  /** A read of the audit log, which the sidecar's audit service records itself. */
  static RequestEvent admin(String eventName) {
    return new RequestEvent("admin", eventName, true, Map.of());
  }

  /**
   * This event with one more parameter. An empty value is left out: proto3 sends an unset string
   * field as empty, so it names nothing.
   */
  RequestEvent with(String name, String value) {
    if (value.isEmpty()) {
      return this;
    }
    Map<String, String> more = new HashMap<>(parameters);
    more.put(name, value);
    return new RequestEvent(source, eventName, readOnly, more);
  }

  /**
   * The ARNs the engine's event would name for these parameters, as its own records do: a copy's
   * source object and bucket, then the object and its bucket. None for other components: the
   * keystore names a key only once it has resolved it, which a refused request never gets to.
   */
  List<String> resources() {
    if (!source.equals("engine")) {
      return List.of();
    }
    List<String> arns = new ArrayList<>(4);
    named(arns, parameters.get("sourceBucket"), parameters.get("sourceKey"));
    named(arns, parameters.get("bucket"), parameters.get("key"));
    return arns;
  }

  private static void named(List<String> arns, String bucket, String key) {
    if (bucket == null) {
      return;
    }
    if (key != null) {
      arns.add("arn:aws:s3:::" + bucket + "/" + key);
    }
    String bucketArn = "arn:aws:s3:::" + bucket;
    if (!arns.contains(bucketArn)) {
      arns.add(bucketArn);
    }
  }
}
