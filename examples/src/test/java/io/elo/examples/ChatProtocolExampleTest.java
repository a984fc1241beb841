package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ChatProtocolExampleTest {
  @Test
  void run_exchangesChatMessages_whileTheChainProtocolSyncsBlocks() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ChatProtocolExample.Outcome outcome =
        ChatProtocolExample.run(
            3, Duration.ofMinutes(1), new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertEquals(2, outcome.transcript().size(), printed.toString(StandardCharsets.UTF_8));
    assertTrue(outcome.transcript().get(0).startsWith("alice <- hello alice, this is bob"));
    assertTrue(outcome.transcript().get(1).startsWith("bob <- hi bob, alice here"));
    assertTrue(outcome.syncedHeight().value() >= 3, "bob synced alice's blocks: " + outcome);
  }
}
