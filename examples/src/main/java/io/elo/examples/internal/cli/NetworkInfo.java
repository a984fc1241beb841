package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.crypto.SignatureSchemes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * What a REST client needs to know about the node's chain: its name, address prefix, coinbase
 * maturity (from the predefined chain of that name) and genesis hash (block 0, which signatures
 * commit to).
 *
 * @param name the chain name
 * @param addressPrefix the Bech32m prefix of its addresses
 * @param coinbaseMaturity blocks before a coinbase output may be spent
 * @param genesisHash the genesis block's hash
 */
record NetworkInfo(String name, String addressPrefix, int coinbaseMaturity, Hash genesisHash) {
  /** Asks the node behind {@code client}. */
  static NetworkInfo fetch(RestClient client) {
    JsonObject status = client.getOk("/api/v1/status");
    String name = status.get("network").getAsString();
    ChainParams known = predefined(name);
    Hash genesis = Hash.fromHex(client.getOk("/api/v1/blocks/0").get("hash").getAsString());
    return new NetworkInfo(name, known.addressPrefix(), known.coinbaseMaturity(), genesis);
  }

  /** Of the chain {@code params}. */
  static NetworkInfo of(ChainParams params) {
    return new NetworkInfo(
        params.name(), params.addressPrefix(), params.coinbaseMaturity(), params.genesisHash());
  }

  private static ChainParams predefined(String name) {
    for (ChainParams p :
        List.of(ChainParams.regtest(), ChainParams.devnet(), ChainParams.testnet())) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    // Prefix and maturity of the PoA chain do not depend on its signers.
    ChainParams poa =
        ChainParams.proofOfAuthority(
            List.of(SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).publicKey()),
            Duration.ofSeconds(1));
    if (poa.name().equals(name)) {
      return poa;
    }
    throw new UserException("the node runs an unknown network '" + name + "'");
  }
}
