package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Height;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class MiningNodeExampleTest {
  @TempDir Path dir;

  @Test
  void run_minesBlocks_andARestartContinuesTheStoredChain() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    Height first = MiningNodeExample.run(dir, 3, Duration.ofMinutes(1), out);
    assertTrue(first.value() >= 3, "mined at least 3 blocks: " + first);
    String log = printed.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("block 1 "), log);
    assertTrue(log.contains("block 3 "), log);

    Height second = MiningNodeExample.run(dir, 2, Duration.ofMinutes(1), out);
    assertTrue(second.value() > first.value(), "continued from " + first + " to " + second);
  }
}
