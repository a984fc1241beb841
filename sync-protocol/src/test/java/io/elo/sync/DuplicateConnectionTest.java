package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.mempool.Mempool;
import io.elo.model.Block;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolHandler;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStates;
import io.elo.validation.TestChainBuilder;
import java.lang.reflect.Proxy;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two connections to the same node: the network keeps one (the duplicate rule) and reports the
 * survivor's connect before the loser's disconnect. The chain protocol must keep serving the
 * survivor; it once forgot it, which left a restarted testnet node on its own fork for good.
 */
class DuplicateConnectionTest {
  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private ChainProtocol protocol;
  private ProtocolHandler handler;

  @BeforeEach
  void register() throws Exception {
    InstantSource clock = InstantSource.fixed(chain.clockStart());
    ChainState state = ChainStates.inMemory(chain.params(), clock);
    protocol =
        ChainProtocol.builder(state)
            .clock(clock)
            .scheduler(scheduler)
            .writer(Runnable::run)
            .random(new Random(7))
            .mempool(Mempool.forChain(state).clock(clock).executor(Runnable::run).build())
            .build();
    AtomicReference<ProtocolHandler> registered = new AtomicReference<>();
    PeerNetwork network =
        (PeerNetwork)
            Proxy.newProxyInstance(
                PeerNetwork.class.getClassLoader(),
                new Class<?>[] {PeerNetwork.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("registerProtocol")) {
                    registered.set((ProtocolHandler) args[1]);
                  }
                  return null;
                });
    protocol.register(network);
    handler = registered.get();
  }

  @AfterEach
  void close() {
    protocol.close();
    scheduler.shutdownNow();
  }

  @Test
  void survivorOfADuplicate_isStillServed_afterTheLosersDisconnect() throws Exception {
    RecordingPeer loser = new RecordingPeer(1);
    RecordingPeer survivor = new RecordingPeer(1);
    handler.onPeerConnected(loser);
    handler.onPeerConnected(survivor);
    handler.onPeerDisconnected(loser, DisconnectReason.DUPLICATE);

    handler.onMessage(survivor, TestMessages.status(chain.params().genesisHash(), heavierTip()));
    settle();

    assertEquals(
        List.of(ChainMessage.KindCase.STATUS, ChainMessage.KindCase.GET_HEADERS),
        kinds(survivor),
        "the survivor's heavier status starts header sync with it");
  }

  @Test
  void messagesOnTheReplacedConnection_areIgnored() throws Exception {
    RecordingPeer loser = new RecordingPeer(1);
    RecordingPeer survivor = new RecordingPeer(1);
    handler.onPeerConnected(loser);
    handler.onPeerConnected(survivor);

    handler.onMessage(loser, TestMessages.status(chain.params().genesisHash(), heavierTip()));
    settle();

    assertEquals(List.of(ChainMessage.KindCase.STATUS), kinds(loser), "only our status");
    assertEquals(List.of(ChainMessage.KindCase.STATUS), kinds(survivor));
  }

  /** Waits until the protocol thread (a loop on the scheduler) ran what the handler queued. */
  private void settle() throws Exception {
    for (int i = 0; i < 3; i++) {
      scheduler.submit(() -> {}).get();
    }
  }

  /** The tip of a chain three blocks past genesis, in a second chain state. */
  private io.elo.validation.ChainTip heavierTip() throws Exception {
    ChainState other =
        ChainStates.inMemory(chain.params(), InstantSource.fixed(chain.clockStart()));
    for (Block block : chain.extend(chain.genesis(), 3)) {
      other.submitBlock(block);
    }
    assertEquals(3, other.tip().height().value());
    return other.tip();
  }

  private static List<ChainMessage.KindCase> kinds(RecordingPeer peer) {
    return peer.sent.stream()
        .map(
            bytes -> {
              try {
                return TestMessages.parse(bytes).getKindCase();
              } catch (ProtocolViolation e) {
                throw new AssertionError(e);
              }
            })
        .toList();
  }
}
