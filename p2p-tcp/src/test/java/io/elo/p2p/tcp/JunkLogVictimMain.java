package io.elo.p2p.tcp;

/**
 * The node of {@link JunkLogIT}, in its own process so its SLF4J output (slf4j-simple, INFO, the
 * {@code elo} launcher's format, to the file the test names) is all the test measures: a {@link
 * Victim} with a peer manager and the default bounds. Prints {@code READY <port>}, then every 100
 * ms {@code STATE <inbound drops> <open connections>}.
 */
public final class JunkLogVictimMain {
  private JunkLogVictimMain() {}

  public static void main(String[] args) throws Exception {
    Victim victim = Victim.startWithPeerManager(t -> t, n -> n);
    System.out.println("READY " + victim.address().port());
    System.out.flush();
    while (true) {
      long drops =
          victim.transport.inboundDrops().values().stream().mapToLong(Long::longValue).sum();
      System.out.println("STATE " + drops + " " + victim.transport.connectionCount());
      System.out.flush();
      Thread.sleep(100);
    }
  }
}
