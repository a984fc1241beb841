package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Fair admission to a bounded number of pending inbound handshakes: at most {@code max} at once in
 * total, {@code maxPerIp} from one IP and {@code maxPerNetGroup} from one {@link NetGroup}, so one
 * address or one /16 can hold only its share of the slots and newcomers from elsewhere still get
 * in. Addresses that {@link NetGroups#isExempt} count towards the total only. The TCP transport
 * uses it for its Noise handshakes and the peer network for its peer handshakes; a custom
 * transport may use it the same way: {@link #tryAcquire} when a connection arrives, {@link
 * #release} exactly once when its handshake ends, either way.
 *
 * <p>Thread-safe. Memory is bounded by {@code max}: an address or group is tracked only while it
 * holds a slot.
 */
public final class HandshakeSlots {
  /** The outcome of {@link #tryAcquire}. */
  public enum Result {
    /** A slot is taken; release it when the handshake ends. */
    ACQUIRED,
    /** Refused: every slot is taken. */
    FULL,
    /** Refused: the address holds its {@code maxPerIp} slots. */
    ADDRESS_FULL,
    /** Refused: the address's net group holds its {@code maxPerNetGroup} slots. */
    NET_GROUP_FULL;

    /** Whether a slot was taken. */
    public boolean acquired() {
      return this == ACQUIRED;
    }
  }

  private final NetGroups netGroups;
  private final int max;
  private final int maxPerIp;
  private final int maxPerNetGroup;
  // Guarded by this; entries exist only while they hold a slot.
  private final Map<InetAddress, Integer> perIp = new HashMap<>();
  private final Map<NetGroup, Integer> perGroup = new HashMap<>();
  private int pending;

  /**
   * Slots for {@code max} handshakes, {@code maxPerIp} per IP and {@code maxPerNetGroup} per net
   * group of {@code netGroups} (each at least 1; a share above {@code max} is the same as {@code
   * max}).
   */
  public HandshakeSlots(NetGroups netGroups, int max, int maxPerIp, int maxPerNetGroup) {
    checkArgument(max >= 1 && maxPerIp >= 1 && maxPerNetGroup >= 1,
        "slots must be positive: %s, %s per IP, %s per net group", max, maxPerIp, maxPerNetGroup);
    this.netGroups = checkNotNull(netGroups);
    this.max = max;
    this.maxPerIp = maxPerIp;
    this.maxPerNetGroup = maxPerNetGroup;
  }

  /** Takes a slot for a handshake from {@code ip}, or says why not. */
  public synchronized Result tryAcquire(InetAddress ip) {
    checkNotNull(ip);
    if (pending >= max) {
      return Result.FULL;
    }
    if (!netGroups.isExempt(ip)) {
      if (perIp.getOrDefault(ip, 0) >= maxPerIp) {
        return Result.ADDRESS_FULL;
      }
      NetGroup group = netGroups.netGroup(ip);
      if (perGroup.getOrDefault(group, 0) >= maxPerNetGroup) {
        return Result.NET_GROUP_FULL;
      }
      perIp.merge(ip, 1, Integer::sum);
      perGroup.merge(group, 1, Integer::sum);
    }
    pending++;
    return Result.ACQUIRED;
  }

  /**
   * Gives back a slot {@link #tryAcquire} took for {@code ip}.
   *
   * @throws IllegalStateException if {@code ip} holds no slot
   */
  public synchronized void release(InetAddress ip) {
    checkNotNull(ip);
    checkState(pending > 0, "no handshake slot is held");
    if (!netGroups.isExempt(ip)) {
      checkState(perIp.containsKey(ip), "%s holds no handshake slot", ip);
      perIp.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
      perGroup.computeIfPresent(netGroups.netGroup(ip), (k, n) -> n == 1 ? null : n - 1);
    }
    pending--;
  }

  /** The slots held now. */
  public synchronized int pending() {
    return pending;
  }

  /** The slots {@code ip} holds now (0 for an exempt address, which is not tracked). */
  public synchronized int pending(InetAddress ip) {
    return perIp.getOrDefault(ip, 0);
  }
}
