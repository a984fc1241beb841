package io.elo.examples.internal.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code elo wallet balance|send|history}: a key file's coins, through a node's REST API. */
@Command(
    name = "wallet",
    mixinStandardHelpOptions = true,
    description = {
      "Balance, payments and history of an address, through a node's REST API (the node keeps"
          + " an address index when started with --rest). Keys are files made by elo keygen.",
      "",
      "Example: elo wallet send --key wallet.key --to <address> --amount 1.5 --rest 127.0.0.1:8080"
    },
    subcommands = {
      WalletCommand.Balance.class,
      WalletCommand.Send.class,
      WalletCommand.History.class
    })
final class WalletCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "choose one of: balance, send, history");
  }

  /** Exactly one of {@code --key} and {@code --address}. */
  static final class Who {
    @Option(names = "--key", paramLabel = "FILE", description = "A key file (elo keygen).")
    Path key;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "An address.")
    String address;

    Address resolve(NetworkInfo net, CommandSpec spec) {
      if (key != null) {
        return Address.fromPublicKey(readKey(key).publicKey());
      }
      try {
        return Address.parse(address.trim(), net.addressPrefix());
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "'" + address + "' is not an address of " + net.name() + " (they start with "
                + net.addressPrefix() + "1)");
      }
    }
  }

  static KeyPair readKey(Path file) {
    if (!Files.exists(file)) {
      throw new UserException("no key file " + file + " (create one with elo keygen --out FILE)");
    }
    try {
      return KeyPair.fromPrivateKey(KeyFiles.read(file));
    } catch (IOException | RuntimeException e) {
      throw new UserException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }

  static String coins(long atoms) {
    return Amount.ofAtoms(atoms) + " (" + atoms + " atoms)";
  }

  /** {@code elo wallet balance}. */
  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = "Confirmed balance and unspent output count of an address or key.")
  static final class Balance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RestOption rest;

    @ArgGroup(multiplicity = "1")
    Who who;

    @Option(names = "--verbose", description = "Stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() {
      RestClient client = rest.client();
      NetworkInfo net = NetworkInfo.fetch(client);
      Address address = who.resolve(net, spec);
      JsonObject b =
          client.getOk("/api/v1/addresses/" + address.toText(net.addressPrefix()) + "/balance");
      PrintWriter out = spec.commandLine().getOut();
      out.println("address   " + b.get("address").getAsString());
      out.println("balance   " + coins(b.get("confirmed").getAsLong()));
      out.println("outputs   " + b.get("utxoCount").getAsInt());
      out.println("at height " + b.get("height").getAsInt());
      return 0;
    }
  }

  /** {@code elo wallet history}. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "Transactions paying or spending from an address, in chain order.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RestOption rest;

    @ArgGroup(multiplicity = "1")
    Who who;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "At most N transactions, the latest (default: ${DEFAULT-VALUE}).",
        defaultValue = "20")
    int limit;

    @Option(names = "--verbose", description = "Stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 1000) {
        throw new ParameterException(spec.commandLine(), "--limit must be 1..1000");
      }
      RestClient client = rest.client();
      NetworkInfo net = NetworkInfo.fetch(client);
      String address = who.resolve(net, spec).toText(net.addressPrefix());
      String path = "/api/v1/addresses/" + address + "/history";
      int total = client.getOk(path + "?limit=1").get("total").getAsInt();
      int offset = Math.max(0, total - limit);
      JsonObject page = client.getOk(path + "?offset=" + offset + "&limit=" + limit);
      PrintWriter out = spec.commandLine().getOut();
      out.println(address + ": " + total + " transactions" + (offset > 0 ? ", latest " + limit : ""));
      for (JsonElement txid : page.getAsJsonArray("txids")) {
        JsonObject tx = client.getOk("/api/v1/transactions/" + txid.getAsString());
        String where =
            "confirmed".equals(StatusCommand.text(tx, "status"))
                ? "height " + StatusCommand.text(tx, "height")
                : StatusCommand.text(tx, "status");
        out.println(txid.getAsString() + "  " + where);
      }
      return 0;
    }
  }

  /** {@code elo wallet send}. */
  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Pays an amount from a key's confirmed outputs to an address, change back to the key,"
              + " and submits the signed transaction (POST /api/v1/transactions). Change below"
              + " the node's dust threshold is added to the fee.")
  static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RestOption rest;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "The payer's key.")
    Path key;

    @Option(names = "--to", paramLabel = "ADDRESS", required = true, description = "The payee.")
    String to;

    @Option(
        names = "--amount",
        paramLabel = "COINS",
        required = true,
        description = "Coins to pay, up to 8 decimals (e.g. 1.5).")
    String amount;

    @Option(
        names = "--fee",
        paramLabel = "COINS",
        description = "The fee (default: ${DEFAULT-VALUE}).",
        defaultValue = "0.00001")
    String fee;

    @Option(names = "--verbose", description = "Stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() {
      Amount pay = amount("--amount", amount);
      Amount feeAmount = amount("--fee", fee);
      if (pay.isZero()) {
        throw new ParameterException(spec.commandLine(), "--amount must be more than 0");
      }
      KeyPair payer = readKey(key);
      RestClient client = rest.client();
      NetworkInfo net = NetworkInfo.fetch(client);
      Address payee;
      try {
        payee = Address.parse(to.trim(), net.addressPrefix());
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "--to: '" + to + "' is not an address of " + net.name() + " (they start with "
                + net.addressPrefix() + "1)");
      }
      // Outputs below it cost more to spend than they are worth: the node refuses them.
      Amount dust =
          Amount.ofAtoms(client.getOk("/api/v1/mempool?limit=0").get("dustThreshold").getAsLong());
      if (pay.compareTo(dust) < 0) {
        throw new UserException(
            "--amount: " + pay + " is below the node's dust threshold of " + dust
                + " (an output worth less than the fee to spend it)");
      }
      Address self = Address.fromPublicKey(payer.publicKey());
      List<Coin> coins = new ArrayList<>(Coin.fetch(client, self, net.addressPrefix()));
      coins.removeIf(c -> !c.spendable(net.coinbaseMaturity()));
      coins.sort(Comparator.comparing(Coin::amount).reversed());
      Amount needed = pay.plus(feeAmount);
      Amount gathered = Amount.ZERO;
      TransactionBuilder tx = new TransactionBuilder();
      for (Coin c : coins) {
        if (gathered.compareTo(needed) >= 0) {
          break;
        }
        tx.addInput(c.outPoint(), c.amount(), payer);
        gathered = gathered.plus(c.amount());
      }
      if (gathered.compareTo(needed) < 0) {
        throw new UserException(
            "not enough spendable coins at " + self.toText(net.addressPrefix()) + ": have "
                + gathered + ", need " + needed + " (immature coinbase outputs do not count)");
      }
      tx.addOutput(pay, payee);
      Amount change = gathered.minus(needed);
      Amount paidFee = feeAmount;
      if (change.compareTo(dust) < 0) {
        paidFee = feeAmount.plus(change); // dust change would be refused: the miner gets it
      } else {
        tx.addOutput(change, self);
      }
      Transaction signed = tx.build(net.genesisHash());
      JsonObject body = new JsonObject();
      body.addProperty("hex", HexFormat.of().formatHex(signed.encode()));
      RestClient.Reply reply = client.post("/api/v1/transactions", body);
      if (!reply.ok()) {
        throw new UserException("the node refused the transaction: " + reply.error());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("txid   " + signed.txid().toHex());
      out.println("result " + StatusCommand.text(reply.body(), "result"));
      out.println("paid   " + pay + " to " + payee.toText(net.addressPrefix()) + ", fee " + paidFee
          + (paidFee.equals(feeAmount) ? "" : " (change below the dust threshold added)"));
      return 0;
    }

    private Amount amount(String option, String text) {
      return Amount.tryParse(text.trim())
          .orElseThrow(
              () ->
                  new ParameterException(
                      spec.commandLine(),
                      option + ": '" + text + "' is not an amount of coins (e.g. 1.5)"));
    }
  }
}
