package dev.coffer.engine.internal.archive;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Permission bits to and from the JDK's permission sets (PosixFilePermission is in bit order). */
public final class FileModes {
  private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

  private FileModes() {}

  public static int toBits(Set<PosixFilePermission> permissions) {
    int bits = 0;
    for (PosixFilePermission p : permissions) {
      bits |= 0400 >>> p.ordinal();
    }
    return bits;
  }

  public static Set<PosixFilePermission> fromBits(int bits) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BY_BIT.length; i++) {
      if ((bits & (0400 >>> i)) != 0) {
        permissions.add(BY_BIT[i]);
      }
    }
    return permissions;
  }
}
