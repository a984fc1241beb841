package io.elo.examples.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The command line's help, usage errors and user errors, without starting a node. */
class CliTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "testnet",
        "node",
        "keygen",
        "wallet",
        "wallet balance",
        "wallet send",
        "wallet history",
        "status"
      })
  void help_onEveryCommand_printsUsageAndExitsZero(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] args = java.util.stream.Stream.concat(
        java.util.Arrays.stream(words), java.util.stream.Stream.of("--help"))
        .toArray(String[]::new);
    Run r = run(args);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("Usage: elo"), r.out());
    assertTrue(r.out().contains("--help"), r.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "frobnicate",
        "testnet --nodes 0",
        "testnet --nodes many",
        "testnet --consensus pos",
        "testnet --duration soon",
        "testnet --until-height 5",
        "node --listen localhost",
        "node --network mainnet",
        "node --network poa",
        "node --network poa --signers 00ff",
        "node --mine",
        "node --mine --seal --reward x",
        "node --network devnet --mine --reward elor1notanaddress",
        "node --threads 99 --mine --reward x",
        "node --metrics",
        "node --network devnet --seal",
        "node --rest 0.0.0.0:8080",
        "node --rest 192.0.2.1:8080",
        "node --rest 127.0.0.1:8080 --rest-tls-cert c.pem",
        "node --rest-allow-insecure",
        "keygen",
        "keygen --out k.key --scheme rsa",
        "wallet",
        "wallet send --key k.key --to x --amount lots",
        "wallet balance",
        "status --rest ::::"
      })
  void badArguments_exitTwo_withShortMessage_andNoStackTrace(String command) {
    Run r = run(command.split(" "));
    assertEquals(Main.USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("elo"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void unreachableNode_isUserError_exitOne_withoutStackTrace() {
    Run r = run("status", "--rest", "127.0.0.1:1");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot reach the node at http://127.0.0.1:1"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void keygen_writesKeyFile_andRefusesToOverwrite(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("w.key");
    Run first = run("keygen", "--out", key.toString(), "--network", "regtest");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("address:    elor1"), first.out());
    assertTrue(Files.readString(key).startsWith("elo-private-key v1\n"));
    Run second = run("keygen", "--out", key.toString());
    assertEquals(1, second.code());
    assertTrue(second.err().contains("exists"), second.err());
  }

  @Test
  void node_sealWithoutKey_isUserError(@TempDir Path dir) {
    Run r =
        run("node", "--network", "poa", "--signers", "11".repeat(32), "--seal", "--datadir",
            dir.toString());
    assertTrue(r.code() == 1 || r.code() == 2, r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void node_unreadableTlsFiles_isUserError_beforeTheNodeStarts(@TempDir Path dir) {
    Run r =
        run("node", "--network", "regtest", "--datadir", dir.resolve("data").toString(), "--rest",
            "127.0.0.1:0", "--rest-tls-cert", dir.resolve("none.crt").toString(),
            "--rest-tls-key", dir.resolve("none.key").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--rest-tls-cert/--rest-tls-key"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(dir.resolve("data")), "the node did not open its data directory");
  }

  @Test
  void durationConverter_readsUnits() {
    assertEquals(Duration.ofSeconds(45), DurationConverter.parse("45s"));
    assertEquals(Duration.ofSeconds(30), DurationConverter.parse("30"));
    assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
    assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
    assertThrows(TypeConversionException.class, () -> DurationConverter.parse("-1s"));
    assertEquals("45s", DurationConverter.format(Duration.ofSeconds(45)));
  }

  @Test
  void restAddress_acceptsHostPortAndUrls() {
    assertEquals("http://127.0.0.1:8080", RestClient.baseUri("127.0.0.1:8080").toString());
    assertEquals("http://127.0.0.1:8080", RestClient.baseUri("http://127.0.0.1:8080/").toString());
    assertThrows(IllegalArgumentException.class, () -> RestClient.baseUri("::::"));
  }

  @Test
  void propagation_isArrivalMinusFirstArrival_ofNewestCommonBlock() {
    NodeSnapshot a = new NodeSnapshot(true, 2, "b", 1, 0, 0, java.util.Map.of("a", 100L, "b", 1000L));
    NodeSnapshot b = new NodeSnapshot(true, 2, "b", 1, 0, 0, java.util.Map.of("a", 110L, "b", 1040L));
    NodeSnapshot c = new NodeSnapshot(true, 1, "a", 1, 0, 0, java.util.Map.of("a", 130L));
    long[] delays = LiveTable.propagation(List.of(a, b, c)).orElseThrow();
    assertEquals(List.of(0L, 10L, 30L), List.of(delays[0], delays[1], delays[2]));
    long[] two = LiveTable.propagation(List.of(a, b)).orElseThrow();
    assertEquals(40L, two[1]);
    assertTrue(LiveTable.propagation(List.of(a, NodeSnapshot.DOWN)).isEmpty());
  }

  @Test
  void eta_formatsMinutesAndHours() {
    assertEquals("0m10s", SyncProgress.eta(100, 10));
    assertEquals("1h00m", SyncProgress.eta(3600, 1));
    assertEquals("unknown", SyncProgress.eta(5, 0));
  }
}
