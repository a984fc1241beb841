package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Funds fresh wallets for the harness load generators: once every source wallet (a producer's
 * reward wallet) has a mature coin, one transaction per source pays it out in equal parts to new
 * wallets, and the call returns when all of them are confirmed.
 */
final class FanOut {
  /** Fee of a fan-out transaction: generous for one input and a few outputs. */
  private static final Amount FEE = Amount.ofAtoms(20_000);

  private FanOut() {}

  /**
   * Pays a mature coin of each of {@code sources} to {@code perSource} new wallets each, in {@code
   * coinsEach} outputs per wallet; returns the new wallets once every payment is mined.
   */
  static List<KeyPair> fund(Harness h, HarnessChecks checks, NetworkInfo net,
      List<KeyPair> sources, int perSource, int coinsEach, SecureRandom random) throws Exception {
    List<KeyPair> wallets = new ArrayList<>();
    List<Hash> txids = new ArrayList<>();
    for (KeyPair source : sources) {
      List<Address> targets = new ArrayList<>();
      for (int k = 0; k < perSource; k++) {
        KeyPair wallet = SignatureSchemes.ED25519.generateKeyPair(random);
        wallets.add(wallet);
        targets.addAll(Collections.nCopies(coinsEach, Address.fromPublicKey(wallet.publicKey())));
      }
      txids.add(payOut(h, checks, net, source, targets));
    }
    awaitMined(checks, txids);
    return wallets;
  }

  /**
   * Splits a mature coin of each of {@code wallets} into {@code parts} outputs to the same wallet
   * and waits until they are mined: many independent coins, so the unconfirmed chains a generator
   * builds on them stay short and narrow.
   */
  static void split(Harness h, HarnessChecks checks, NetworkInfo net, List<KeyPair> wallets,
      int parts) throws Exception {
    List<Hash> txids = new ArrayList<>();
    for (KeyPair wallet : wallets) {
      Address self = Address.fromPublicKey(wallet.publicKey());
      txids.add(payOut(h, checks, net, wallet, Collections.nCopies(parts, self)));
    }
    awaitMined(checks, txids);
  }

  /** Pays the largest mature coin of {@code source}, less the fee, in equal parts to targets. */
  private static Hash payOut(Harness h, HarnessChecks checks, NetworkInfo net, KeyPair source,
      List<Address> targets) throws Exception {
    Coin coin = awaitMatureCoin(h, net, source, Duration.ofSeconds(300), checks);
    TransactionBuilder b = new TransactionBuilder();
    b.addInput(coin.outPoint(), coin.amount(), source);
    long each = (coin.amount().atoms() - FEE.atoms()) / targets.size();
    for (Address target : targets) {
      b.addOutput(Amount.ofAtoms(each), target);
    }
    Transaction tx = b.build(net.genesisHash());
    JsonObject body = new JsonObject();
    body.addProperty("hex", HexFormat.of().formatHex(tx.encode()));
    RestClient.Reply reply = h.rest(0).post("/api/v1/transactions", body);
    String result = reply.ok() ? StatusCommand.text(reply.body(), "result") : reply.error();
    if (!result.equals("accepted")) {
      throw new AssertionError("fan-out transaction refused: " + result);
    }
    return tx.txid();
  }

  private static void awaitMined(HarnessChecks checks, List<Hash> txids) throws Exception {
    Set<Hash> left = checks.unconfirmed(0, txids, Duration.ofSeconds(120));
    if (!left.isEmpty()) {
      throw new AssertionError(left.size() + " fan-out transactions not mined: "
          + checks.whereabouts(left) + " " + checks.describe());
    }
  }

  private static Coin awaitMatureCoin(Harness h, NetworkInfo net, KeyPair wallet, Duration max,
      HarnessChecks checks) throws Exception {
    Address address = Address.fromPublicKey(wallet.publicKey());
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Optional<Coin> coin;
      try {
        coin = Coin.fetch(h.rest(0), address, net.addressPrefix()).stream()
            .filter(c -> c.spendable(net.coinbaseMaturity()))
            .max(Comparator.comparingLong(c -> c.amount().atoms()));
      } catch (RuntimeException e) {
        coin = Optional.empty();
      }
      if (coin.isPresent()) {
        return coin.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no mature coin for " + address.toText(net.addressPrefix())
            + " after " + max.toSeconds() + " s: " + checks.describe());
      }
      Thread.sleep(500);
    }
  }
}
