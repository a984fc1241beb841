package io.elo.node;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import io.elo.validation.InvalidReason;
import io.elo.validation.TestChainBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The invalid blocks of validation's {@code InvalidBlockCatalogueTest}, rebuilt as encodings a
 * peer can send: one per {@link InvalidReason} a block can fail with, in an order where each needs
 * only what the ones before left behind (the child of an invalid block after that block).
 */
final class InvalidBlockCatalogue {
  /** One invalid block (its encoding) and the reason the chain state must give. */
  record Case(InvalidReason reason, byte[] encoded) {}

  /** Maximum block size of {@link #powParams()}: small, so an oversize block is cheap. */
  static final int MAX_BLOCK_SIZE = 20_000;

  private static final Address OTHER = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());

  private InvalidBlockCatalogue() {}

  /** Regtest with {@link #MAX_BLOCK_SIZE}. */
  static ChainParams powParams() {
    return ChainParams.regtest().toBuilder().maxBlockSize(MAX_BLOCK_SIZE).build();
  }

  /**
   * The honest base every proof-of-work case builds on: 12 empty blocks, then block 13 spending
   * the first coinbase (so a later spend of it is {@code INPUT_SPENT}).
   */
  static List<Block> powBase(TestChainBuilder chain) {
    List<Block> base = new ArrayList<>(chain.extend(chain.genesis(), 12));
    Transaction spend = chain.spendCoinbase(base.get(0), OTHER, Amount.ZERO);
    base.add(chain.on(base.get(11)).add(spend).build());
    return base;
  }

  /** The proof-of-work cases on the tip of {@link #powBase}; {@code mtp} is that tip's MTP. */
  static List<Case> powCases(TestChainBuilder chain, List<Block> base, long mtp) {
    Block tip = base.get(base.size() - 1);
    int height = base.size() + 1;
    List<Case> cases = new ArrayList<>();
    cases.add(of(InvalidReason.BAD_PROOF_OF_WORK, chain.withBadProofOfWork(chain.on(tip).build())));
    cases.add(of(InvalidReason.WRONG_TARGET, chain.on(tip).bits(0x2100ffff).build()));
    cases.add(of(InvalidReason.TIME_TOO_OLD, chain.on(tip).timestamp(mtp).build()));
    Block plain = chain.on(tip).build();
    Transaction second =
        Transaction.coinbase(
            Height.of(height), new byte[] {1}, List.of(TxOutput.of(Amount.ofAtoms(1), OTHER)));
    cases.add(
        of(
            InvalidReason.MULTIPLE_COINBASES,
            chain.withTransactions(plain, List.of(plain.transactions().get(0), second))));
    cases.add(
        of(
            InvalidReason.BAD_MERKLE_ROOT,
            chain.withHeader(chain.on(tip).build(), h -> h.withMerkleRoot(Hash.ZERO))));
    cases.add(
        of(
            InvalidReason.FIRST_NOT_COINBASE,
            chain.withTransactions(
                plain, List.of(spend(chain, base, 2, Amount.ZERO), plain.transactions().get(0)))));
    cases.add(of(InvalidReason.BAD_COINBASE_HEIGHT, chain.on(tip).coinbaseHeight(5).build()));
    Amount tooMuch = chain.params().subsidy(Height.of(height)).plus(Amount.ofAtoms(1));
    Block overpays = chain.on(tip).coinbaseOutputs(List.of(TxOutput.of(tooMuch, OTHER))).build();
    cases.add(of(InvalidReason.COINBASE_OVERPAYS, overpays));
    cases.add(of(InvalidReason.INVALID_PARENT, chain.on(overpays).build()));
    cases.add(of(InvalidReason.KNOWN_INVALID, overpays));
    Transaction unknown =
        chain.spend(
            List.of(OutPoint.of(Hash.sha256d(new byte[] {42}), 0)),
            List.of(Amount.ofCoins(1)),
            TestChainBuilder.key(0),
            List.of(TxOutput.of(Amount.ofCoins(1), OTHER)));
    cases.add(of(InvalidReason.MISSING_INPUT, chain.on(tip).add(unknown).build()));
    cases.add(
        of(
            InvalidReason.INPUT_SPENT,
            chain.on(tip).add(spend(chain, base, 1, Amount.ofAtoms(5))).build()));
    cases.add(
        of(
            InvalidReason.DOUBLE_SPEND_IN_BLOCK,
            chain
                .on(tip)
                .add(spend(chain, base, 2, Amount.ZERO), spend(chain, base, 2, Amount.ofAtoms(5)))
                .build()));
    Transaction cb2 = coinbase(base, 2);
    Amount value = cb2.outputs().get(0).amount();
    OutPoint out2 = OutPoint.of(cb2.txid(), 0);
    cases.add(
        of(
            InvalidReason.DUPLICATE_INPUT,
            chain
                .on(tip)
                .add(
                    chain.spend(
                        List.of(out2, out2),
                        List.of(value, value),
                        TestChainBuilder.key(0),
                        List.of(TxOutput.of(value, OTHER))))
                .build()));
    cases.add(
        of(
            InvalidReason.IMMATURE_COINBASE_SPEND,
            chain.on(tip).add(chain.spendCoinbase(base.get(11), OTHER, Amount.ZERO)).build()));
    Transaction locked =
        new TransactionBuilder()
            .lockTime(Height.of(height))
            .addInput(out2, value, TestChainBuilder.key(0))
            .addOutput(value, OTHER)
            .build(chain.params().genesisHash());
    cases.add(of(InvalidReason.NON_FINAL, chain.on(tip).add(locked).build()));
    Transaction valid = spend(chain, base, 2, Amount.ZERO);
    TxInput input = valid.inputs().get(0);
    byte[] signature = input.signature();
    signature[0] ^= 1;
    cases.add(
        of(
            InvalidReason.BAD_SIGNATURE,
            chain
                .on(tip)
                .add(
                    replaceInput(
                        valid,
                        input.withWitness(input.schemeId(), input.publicKey(), signature)))
                .build()));
    cases.add(
        of(
            InvalidReason.KEY_MISMATCH,
            chain
                .on(tip)
                .add(
                    chain.spend(
                        cb2, 0, value, TestChainBuilder.key(1), List.of(TxOutput.of(value, OTHER))))
                .build()));
    cases.add(
        of(
            InvalidReason.OUTPUTS_OVERFLOW,
            chain
                .on(tip)
                .add(
                    chain.spend(
                        cb2,
                        0,
                        value,
                        TestChainBuilder.key(0),
                        List.of(
                            TxOutput.of(Amount.MAX_MONEY, OTHER),
                            TxOutput.of(Amount.MAX_MONEY, OTHER))))
                .build()));
    cases.add(
        of(
            InvalidReason.INSUFFICIENT_INPUTS,
            chain
                .on(tip)
                .add(
                    chain.spend(
                        cb2,
                        0,
                        value,
                        TestChainBuilder.key(0),
                        List.of(TxOutput.of(value.plus(Amount.ofAtoms(1)), OTHER))))
                .build()));
    List<TxOutput> many = new ArrayList<>();
    for (int i = 0; i < MAX_BLOCK_SIZE / 40 + 1; i++) {
      many.add(TxOutput.of(Amount.ofAtoms(1), OTHER));
    }
    cases.add(of(InvalidReason.BLOCK_TOO_LARGE, chain.on(tip).coinbaseOutputs(many).build()));
    cases.add(of(InvalidReason.DUPLICATE_TXID, chain.on(tip).add(valid, valid).build()));
    cases.add(
        of(
            InvalidReason.UNKNOWN_SCHEME,
            chain
                .on(tip)
                .add(
                    replaceInput(
                        valid,
                        input.withWitness((byte) 7, input.publicKey(), input.signature())))
                .build()));
    cases.add(
        of(
            InvalidReason.MISSING_WITNESS,
            chain.on(tip).add(replaceInput(valid, TxInput.unsigned(input.outPoint()))).build()));
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0xff); // y above the field prime: not a canonical Ed25519 point
    cases.add(
        of(
            InvalidReason.BAD_PUBLIC_KEY,
            chain
                .on(tip)
                .add(
                    replaceInput(
                        valid, input.withWitness(input.schemeId(), key, input.signature())))
                .build()));
    cases.add(
        of(
            InvalidReason.UNEXPECTED_SEAL,
            chain.withHeader(chain.on(tip).build(), h -> h.withSeal(new byte[] {1, 2}))));
    byte[] header = chain.on(tip).build().header().encode();
    cases.add(
        new Case(InvalidReason.NO_TRANSACTIONS, Arrays.copyOf(header, header.length + 1)));
    byte[] encoded = chain.on(tip).build().encode();
    cases.add(
        new Case(InvalidReason.MALFORMED_ENCODING, Arrays.copyOf(encoded, encoded.length + 1)));
    return cases;
  }

  /** The proof-of-authority cases on {@code first}, the first block of a 3-signer chain. */
  static List<Case> poaCases(TestChainBuilder poa, Block first) {
    List<Case> cases = new ArrayList<>();
    Block good = poa.on(first).build();
    byte[] seal = good.header().seal();
    seal[seal.length - 1] ^= 1;
    cases.add(of(InvalidReason.BAD_SEAL, poa.withRawHeader(good, h -> h.withSeal(seal))));
    byte[] stranger = good.header().seal();
    stranger[0] = 3; // three authorities: index 3 names none
    cases.add(
        of(InvalidReason.UNAUTHORIZED_SIGNER, poa.withRawHeader(good, h -> h.withSeal(stranger))));
    cases.add(of(InvalidReason.SIGNER_OVER_LIMIT, poa.on(first).signer(1).build()));
    cases.add(of(InvalidReason.WRONG_SEAL_WEIGHT, poa.on(first).bits(1).build()));
    long early = first.header().timestamp() + 1;
    cases.add(of(InvalidReason.POA_TIME_TOO_EARLY, poa.on(first).timestamp(early).build()));
    cases.add(
        of(InvalidReason.MISSING_SEAL, poa.withRawHeader(good, h -> h.withSeal(new byte[0]))));
    byte[] truncated = Arrays.copyOf(good.header().seal(), 1);
    cases.add(
        of(InvalidReason.MALFORMED_SEAL, poa.withRawHeader(good, h -> h.withSeal(truncated))));
    return cases;
  }

  private static Case of(InvalidReason reason, Block block) {
    return new Case(reason, block.encode());
  }

  private static Transaction coinbase(List<Block> base, int height) {
    return base.get(height - 1).transactions().get(0);
  }

  private static Transaction spend(
      TestChainBuilder chain, List<Block> base, int height, Amount fee) {
    return chain.spendCoinbase(base.get(height - 1), OTHER, fee);
  }

  private static Transaction replaceInput(Transaction tx, TxInput input) {
    List<TxInput> inputs = new ArrayList<>(tx.inputs());
    inputs.set(0, input);
    return Transaction.of(tx.version(), inputs, tx.outputs(), tx.lockTime());
  }
}
