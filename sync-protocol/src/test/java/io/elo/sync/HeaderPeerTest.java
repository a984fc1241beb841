package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HeaderPeerTest {
  private static Hash hash(int i) {
    return Hash.sha256(ByteBuffer.allocate(4).putInt(i).array());
  }

  @Test
  void noteFuture_keepsTheNewestHeaders_upToTheBound() {
    HeaderPeer p = new HeaderPeer();
    for (int i = 0; i < HeaderPeer.MAX_FUTURE + 4; i++) {
      p.noteFuture(hash(i), 1_000L * i);
    }
    assertEquals(HeaderPeer.MAX_FUTURE, p.future.size());
    assertFalse(p.future.containsKey(hash(3)), "oldest forgotten");
    assertTrue(p.future.containsKey(hash(4)));
    p.noteFuture(hash(4), 99);
    assertEquals(99L, p.future.get(hash(4)), "noting again updates the due time");
    assertEquals(HeaderPeer.MAX_FUTURE, p.future.size());
  }
}
