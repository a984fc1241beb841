package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ChatProtocolExampleTest {
  @Test
  void run_chatsBeforeAndAfterTheChainProtocolSyncsBlocks() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ChatProtocolExample.Outcome outcome =
        ChatProtocolExample.run(
            3, Duration.ofMinutes(1), new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "alice <- hello alice, this is bob",
            "bob <- hi bob, alice here; mining now",
            "alice <- got your blocks up to height " + outcome.syncedHeight().value()),
        outcome.transcript(),
        printed.toString(StandardCharsets.UTF_8));
    assertTrue(outcome.syncedHeight().value() >= 3, "bob synced alice's blocks: " + outcome);
  }
}
