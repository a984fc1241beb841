package io.elo.p2p;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The keyed bucket functions of the {@link AddressBook}, as in Bitcoin Core's addrman: a new bucket
 * depends on the secret key, the source's group and the address's group (each source group reaches
 * at most {@link AddressBook#NEW_BUCKETS_PER_SOURCE_GROUP} new buckets); a tried bucket on the key,
 * the address's group and the address (each group reaches at most {@link
 * AddressBook#TRIED_BUCKETS_PER_GROUP} tried buckets); a position on the key, the table, the bucket
 * and the address. Hash: SHA-256 over length-prefixed parts, first 8 bytes.
 */
final class AddressBuckets {
  private static final byte[] NEW_TAG = "N".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRIED_TAG = "K".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private final NetGroups netGroups;

  AddressBuckets(byte[] key, NetGroups netGroups) {
    this.key = key.clone();
    this.netGroups = netGroups;
  }

  byte[] key() {
    return key.clone();
  }

  NetGroup group(PeerAddress address) {
    return netGroups.netGroup(address.ip());
  }

  int newBucket(PeerAddress address, NetGroup sourceGroup) {
    byte[] source = sourceGroup.hashBytes();
    long h1 = hash(group(address).hashBytes(), source) % AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP;
    return (int) (hash(source, longBytes(h1)) % AddressBook.NEW_BUCKET_COUNT);
  }

  int triedBucket(PeerAddress address) {
    long h1 = hash(addressBytes(address)) % AddressBook.TRIED_BUCKETS_PER_GROUP;
    return (int) (hash(group(address).hashBytes(), longBytes(h1)) % AddressBook.TRIED_BUCKET_COUNT);
  }

  int position(boolean isNew, int bucket, PeerAddress address) {
    return (int)
        (hash(isNew ? NEW_TAG : TRIED_TAG, longBytes(bucket), addressBytes(address))
            % AddressBook.BUCKET_SIZE);
  }

  private static byte[] addressBytes(PeerAddress address) {
    byte[] ip = address.ipBytes();
    return ByteBuffer.allocate(ip.length + 2).put(ip).putShort((short) address.port()).array();
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  /** A non-negative 63-bit hash of the key and the parts. */
  private long hash(byte[]... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    digest.update(key);
    for (byte[] part : parts) {
      digest.update(ByteBuffer.allocate(4).putInt(part.length).array());
      digest.update(part);
    }
    return ByteBuffer.wrap(digest.digest()).getLong() >>> 1;
  }
}
