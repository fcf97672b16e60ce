package dev.coffer.keystore.internal.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.KeystoreHeader;
import dev.coffer.format.v1.KeystoreState;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.internal.crypto.RootKey;
import dev.coffer.keystore.internal.crypto.RootKeySource;
import dev.coffer.keystore.internal.model.KeystoreSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Encodes and decodes {@code keystore.bin}; the layout is documented in {@code
 * coffer/format/v1/keystore.proto}: magic, header length, header, then the state sealed under the
 * root key with everything before it as associated data.
 */
final class KeystoreFile {
  static final byte[] MAGIC = "COFFERKS".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  private static final int MAX_HEADER = 64 * 1024;

  private KeystoreFile() {}

  /** The readable part of a file, before the root key is known. */
  record Unsealed(KeystoreHeader header, byte[] associatedData, byte[] sealedState) {}

  static byte[] encode(KeystoreSnapshot snapshot, RootKey rootKey) {
    KeystoreHeader header =
        KeystoreHeader.newBuilder()
            .setFormatVersion(FORMAT_VERSION)
            .setGeneration(snapshot.generation())
            .setRootKey(rootKey.binding())
            .setRootKeyCheck(ByteString.copyFrom(rootKey.checkValue()))
            .build();
    byte[] headerBytes = header.toByteArray();
    byte[] prefix =
        ByteBuffer.allocate(MAGIC.length + 4 + headerBytes.length)
            .put(MAGIC)
            .putInt(headerBytes.length)
            .put(headerBytes)
            .array();
    byte[] state = StateCodec.encode(snapshot).toByteArray();
    try {
      byte[] sealed = rootKey.seal(state, prefix);
      return ByteBuffer.allocate(prefix.length + sealed.length).put(prefix).put(sealed).array();
    } finally {
      Arrays.fill(state, (byte) 0);
    }
  }

  /** Parses the unsealed layer of a file. */
  static Unsealed parse(byte[] file) {
    if (file.length < MAGIC.length + 4
        || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
      throw corrupted("is not a Coffer keystore");
    }
    ByteBuffer buf = ByteBuffer.wrap(file, MAGIC.length, 4);
    int headerLength = buf.getInt();
    if (headerLength < 0 || headerLength > MAX_HEADER || headerLength > file.length - 12) {
      throw corrupted("has a damaged header");
    }
    int prefixLength = MAGIC.length + 4 + headerLength;
    KeystoreHeader header;
    try {
      header =
          KeystoreHeader.parseFrom(ByteBuffer.wrap(file, MAGIC.length + 4, headerLength).slice());
    } catch (InvalidProtocolBufferException e) {
      throw corrupted("has a damaged header");
    }
    if (header.getFormatVersion() != FORMAT_VERSION) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE,
          "keystore format version "
              + header.getFormatVersion()
              + " is not supported by this Coffer (it reads version "
              + FORMAT_VERSION
              + ")");
    }
    return new Unsealed(
        header,
        Arrays.copyOfRange(file, 0, prefixLength),
        Arrays.copyOfRange(file, prefixLength, file.length));
  }

  /**
   * Opens the sealed state. A wrong root key is reported as such (by the check value), anything
   * else that fails to authenticate as corruption.
   */
  static KeystoreSnapshot unseal(Unsealed file, RootKey rootKey, RootKeySource source) {
    if (!MessageDigest.isEqual(
        rootKey.checkValue(), file.header().getRootKeyCheck().toByteArray())) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY, "the " + source.description() + " does not open this keystore");
    }
    byte[] state;
    try {
      state = rootKey.open(file.sealedState(), file.associatedData());
    } catch (GeneralSecurityException e) {
      throw corrupted("failed authentication: it was altered or damaged");
    }
    try {
      KeystoreState parsed = KeystoreState.parseFrom(state);
      if (parsed.getGeneration() != file.header().getGeneration()) {
        throw corrupted("has a header and state of different generations");
      }
      return StateCodec.decode(parsed);
    } catch (InvalidProtocolBufferException | StateCodec.MalformedStateException e) {
      throw corrupted("holds inconsistent state (" + e.getMessage() + ")");
    } finally {
      Arrays.fill(state, (byte) 0);
    }
  }

  private static KeystoreUnavailableException corrupted(String what) {
    return new KeystoreUnavailableException(ErrorCode.INTEGRITY_FAILURE, "keystore file " + what);
  }
}
