package dev.coffer.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code BUCKET/KEY} as the object commands take it: split at the first slash, so that keys keep
 * theirs. An {@code s3://} prefix is accepted and ignored, for habits formed on {@code aws s3}.
 *
 * @param key the object key, or for {@code ls} a prefix, possibly empty
 */
record ObjectPath(String bucket, String key) {
  private static final String SCHEME = "s3://";

  static ObjectPath parse(String text, boolean keyRequired) {
    String path = text.startsWith(SCHEME) ? text.substring(SCHEME.length()) : text;
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String key = slash < 0 ? "" : path.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new TypeConversionException("'" + text + "' names no bucket");
    }
    if (keyRequired && key.isEmpty()) {
      throw new TypeConversionException("'" + text + "' names no object: write BUCKET/KEY");
    }
    return new ObjectPath(bucket, key);
  }

  @Override
  public String toString() {
    return bucket + "/" + key;
  }

  /** Picocli's converter for {@code BUCKET/KEY}. */
  static final class ObjectKey implements ITypeConverter<ObjectPath> {
    @Override
    public ObjectPath convert(String value) {
      return parse(value, true);
    }
  }

  /** Picocli's converter for {@code BUCKET[/PREFIX]}. */
  static final class BucketPrefix implements ITypeConverter<ObjectPath> {
    @Override
    public ObjectPath convert(String value) {
      return parse(value, false);
    }
  }
}
