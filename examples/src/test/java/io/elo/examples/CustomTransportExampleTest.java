package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Height;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CustomTransportExampleTest {
  @TempDir Path dir;

  @Test
  void run_followerSyncsTheMinersChainOverUnixSockets() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Height synced =
        CustomTransportExample.run(
            dir, 5, Duration.ofMinutes(1), new PrintStream(printed, true, StandardCharsets.UTF_8));
    String log = printed.toString(StandardCharsets.UTF_8);
    assertTrue(synced.value() >= 5, log);
    assertTrue(log.contains("miner listens on 127.0.0.1:"), log);
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "closed transports remove their socket files");
    }
  }
}
