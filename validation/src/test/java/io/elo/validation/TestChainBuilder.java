package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusKind;
import io.elo.consensus.ConsensusRules;
import io.elo.consensus.HeaderChain;
import io.elo.consensus.ProofOfAuthority;
import io.elo.consensus.Target;
import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds valid regtest (proof-of-work) and proof-of-authority chains with real signatures, and lets
 * a test mutate a block and re-mine or re-seal it. Keys are derived deterministically from their
 * index, so runs are reproducible. Every block built is remembered, so any of them can be a parent.
 * Not thread-safe. A shared test fixture (test-jar).
 */
public final class TestChainBuilder {
  private final ChainParams params;
  private final ConsensusRules rules;
  private final List<KeyPair> authorities;
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final Map<Hash, Integer> heights = new HashMap<>();
  private final Map<Hash, Amount> fees = new HashMap<>();
  private int tag;

  private TestChainBuilder(ChainParams params, List<KeyPair> authorities) {
    this.params = params;
    this.rules = ConsensusRules.forParams(params);
    this.authorities = List.copyOf(authorities);
    remember(params.genesis(), 0);
  }

  /** A builder for {@link ChainParams#regtest()}. */
  public static TestChainBuilder regtest() {
    return of(ChainParams.regtest());
  }

  /** A builder for the proof-of-work chain {@code params}. */
  public static TestChainBuilder of(ChainParams params) {
    checkArgument(params.consensusKind() == ConsensusKind.PROOF_OF_WORK, "use proofOfAuthority");
    return new TestChainBuilder(params, List.of());
  }

  /** A builder for a proof-of-authority chain of {@code signers} Ed25519 authorities, 5 s apart. */
  public static TestChainBuilder proofOfAuthority(int signers) {
    List<KeyPair> keys = new ArrayList<>();
    List<PublicKey> publicKeys = new ArrayList<>();
    for (int i = 0; i < signers; i++) {
      KeyPair key = deriveKey("authority " + i, SignatureSchemes.ED25519);
      keys.add(key);
      publicKeys.add(key.publicKey());
    }
    ChainParams params = ChainParams.proofOfAuthority(publicKeys, Duration.ofSeconds(5));
    return new TestChainBuilder(params, keys);
  }

  /** The chain's parameters. */
  public ChainParams params() {
    return params;
  }

  /** The genesis block. */
  public Block genesis() {
    return params.genesis();
  }

  /** A clock time at which every block with default timestamps up to a day in is not "future". */
  public Instant clockStart() {
    return params.genesis().header().time().plus(Duration.ofDays(1));
  }

  /** The wallet key {@code index}, Ed25519, derived from the index. */
  public static KeyPair key(int index) {
    return deriveKey("wallet " + index, SignatureSchemes.ED25519);
  }

  /** The wallet key {@code index} of {@code scheme}. */
  public static KeyPair key(int index, SignatureScheme scheme) {
    return deriveKey("wallet " + index, scheme);
  }

  /** The private key of authority {@code index} of a proof-of-authority chain. */
  public KeyPair authority(int index) {
    return authorities.get(index);
  }

  /** The address coinbases pay by default: that of {@link #key(int) key(0)}. */
  public static Address minerAddress() {
    return Address.fromPublicKey(key(0).publicKey());
  }

  /** The height of a block built here (or genesis). */
  public int height(Block block) {
    Integer height = heights.get(block.hash());
    checkArgument(height != null, "unknown block %s", block.hash());
    return height;
  }

  /** Starts a block on {@code parent}, which must be genesis or built here. */
  public BlockBuilder on(Block parent) {
    checkArgument(heights.containsKey(parent.hash()), "unknown parent %s", parent.hash());
    return new BlockBuilder(parent);
  }

  /** Builds {@code count} empty blocks on {@code parent}, returned in order. */
  public List<Block> extend(Block parent, int count) {
    List<Block> built = new ArrayList<>(count);
    Block tip = parent;
    for (int i = 0; i < count; i++) {
      tip = on(tip).build();
      built.add(tip);
    }
    return built;
  }

  /** The chain ending at a block built here, as the consensus rules see it. */
  public HeaderChain chainOf(Block block) {
    return new TreeChain(block.hash());
  }

  /**
   * Returns a transaction spending output {@code index} of {@code tx} (owned by {@code owner},
   * holding {@code value}) to {@code outputs}; the fee (value minus outputs) is remembered for
   * coinbases built later.
   */
  public Transaction spend(
      Transaction tx, int index, Amount value, KeyPair owner, List<TxOutput> outputs) {
    return spend(List.of(OutPoint.of(tx.txid(), index)), List.of(value), owner, outputs);
  }

  /** Returns a transaction spending several out-points of one owner. */
  public Transaction spend(
      List<OutPoint> outPoints, List<Amount> values, KeyPair owner, List<TxOutput> outputs) {
    TransactionBuilder builder = new TransactionBuilder();
    long in = 0;
    for (int i = 0; i < outPoints.size(); i++) {
      builder.addInput(outPoints.get(i), values.get(i), owner);
      in += values.get(i).atoms();
    }
    long out = 0;
    for (TxOutput output : outputs) {
      builder.addOutput(output.amount(), output.address());
      out += output.amount().atoms();
    }
    Transaction tx = builder.build(params.genesisHash());
    if (in >= out) {
      fees.put(tx.txid(), Amount.ofAtoms(in - out));
    }
    return tx;
  }

  /**
   * Returns a transaction spending the first output of {@code block}'s coinbase (paid to {@link
   * #minerAddress()}) to {@code to}, leaving {@code fee}.
   */
  public Transaction spendCoinbase(Block block, Address to, Amount fee) {
    Transaction coinbase = block.transactions().get(0);
    Amount value = coinbase.outputs().get(0).amount();
    return spend(coinbase, 0, value, key(0), List.of(TxOutput.of(value.minus(fee), to)));
  }

  /** Returns {@code block} with {@code txs} (Merkle root recomputed), re-mined or re-sealed. */
  public Block withTransactions(Block block, List<Transaction> txs) {
    BlockHeader header = block.header().withMerkleRoot(Block.computeMerkleRoot(txs));
    return finish(header, txs, heightOf(block));
  }

  /**
   * Returns {@code block} with its header changed by {@code change}, then re-mined or re-sealed.
   */
  public Block withHeader(Block block, UnaryOperator<BlockHeader> change) {
    return finish(change.apply(block.header()), block.transactions(), heightOf(block));
  }

  /** Returns {@code block} with its header changed by {@code change} and NOT re-mined/re-sealed. */
  public Block withRawHeader(Block block, UnaryOperator<BlockHeader> change) {
    Block changed = Block.of(change.apply(block.header()), block.transactions());
    remember(changed, heightOf(block));
    return changed;
  }

  /** Returns {@code block} with a nonce whose hash misses the target (proof of work only). */
  public Block withBadProofOfWork(Block block) {
    Target target = Target.fromCompact(block.header().bits());
    BlockHeader header = block.header();
    for (int nonce = 0; ; nonce++) {
      BlockHeader candidate = header.withNonce(nonce);
      if (!target.isMetBy(candidate.hash())) {
        return withRawHeader(block, h -> candidate);
      }
    }
  }

  private int heightOf(Block block) {
    Integer height = heights.get(block.hash());
    return height != null ? height : heights.get(block.header().previousHash()) + 1;
  }

  private Block finish(BlockHeader header, List<Transaction> txs, int height) {
    BlockHeader done =
        params.consensusKind() == ConsensusKind.PROOF_OF_WORK
            ? mine(header)
            : resealBySigner(header);
    Block block = Block.of(done, txs);
    remember(block, height);
    return block;
  }

  private BlockHeader resealBySigner(BlockHeader header) {
    int index = header.sealLength() > 0 ? header.seal()[0] & 0xff : 0;
    return ProofOfAuthority.of(params).seal(header, authorities.get(index).privateKey());
  }

  private static BlockHeader mine(BlockHeader header) {
    Target target = Target.fromCompact(header.bits());
    for (int nonce = 0; ; nonce++) {
      BlockHeader candidate = header.withNonce(nonce);
      if (target.isMetBy(candidate.hash())) {
        return candidate;
      }
    }
  }

  private void remember(Block block, int height) {
    blocks.put(block.hash(), block);
    heights.put(block.hash(), height);
  }

  private static KeyPair deriveKey(String label, SignatureScheme scheme) {
    byte[] seed = Hash.sha256d(label.getBytes(StandardCharsets.US_ASCII)).toBytes();
    for (int counter = 0; ; counter++) {
      try {
        return KeyPair.fromPrivateKey(scheme.decodePrivateKey(seed));
      } catch (IllegalArgumentException e) {
        seed = Hash.sha256d(seed).toBytes(); // not a valid scalar (secp256k1 only): try again
      }
    }
  }

  /** Builds one block on a parent; defaults make a valid block. */
  public final class BlockBuilder {
    private final Block parent;
    private final int height;
    private long timestamp;
    private Integer bits;
    private Integer coinbaseHeight;
    private List<TxOutput> coinbaseOutputs;
    private Address payTo = minerAddress();
    private byte[] extra;
    private int signer = -1;
    private final List<Transaction> transactions = new ArrayList<>();

    private BlockBuilder(Block parent) {
      this.parent = parent;
      this.height = heights.get(parent.hash()) + 1;
      this.timestamp = parent.header().timestamp() + params.targetSpacing().getSeconds();
      this.extra = ("test block " + (tag++)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Sets the timestamp (default parent time plus the spacing). */
    public BlockBuilder timestamp(long value) {
      this.timestamp = value;
      return this;
    }

    /** Sets the header bits instead of the required ones. */
    public BlockBuilder bits(int value) {
      this.bits = value;
      return this;
    }

    /** Makes the coinbase commit to {@code value} instead of the block height. */
    public BlockBuilder coinbaseHeight(int value) {
      this.coinbaseHeight = value;
      return this;
    }

    /** Sets the coinbase outputs (default: subsidy plus known fees to the miner address). */
    public BlockBuilder coinbaseOutputs(List<TxOutput> value) {
      this.coinbaseOutputs = List.copyOf(value);
      return this;
    }

    /** Pays the default coinbase to {@code address}. */
    public BlockBuilder payTo(Address address) {
      this.payTo = address;
      return this;
    }

    /** Sets the coinbase extra data (default a unique tag, so sibling blocks differ). */
    public BlockBuilder extra(String value) {
      this.extra = value.getBytes(StandardCharsets.US_ASCII);
      return this;
    }

    /** Seals with authority {@code index} instead of the one in turn (proof of authority). */
    public BlockBuilder signer(int index) {
      this.signer = index;
      return this;
    }

    /** Adds transactions after the coinbase. */
    public BlockBuilder add(Transaction... txs) {
      transactions.addAll(Arrays.asList(txs));
      return this;
    }

    /** Adds transactions after the coinbase. */
    public BlockBuilder addAll(List<Transaction> txs) {
      transactions.addAll(txs);
      return this;
    }

    /** Builds, mines or seals, and remembers the block. */
    public Block build() {
      List<TxOutput> outputs = coinbaseOutputs;
      if (outputs == null) {
        long value = params.subsidy(Height.of(height)).atoms();
        for (Transaction tx : transactions) {
          value += Optional.ofNullable(fees.get(tx.txid())).orElse(Amount.ZERO).atoms();
        }
        outputs = List.of(TxOutput.of(Amount.ofAtoms(value), payTo));
      }
      int committed = coinbaseHeight != null ? coinbaseHeight : height;
      List<Transaction> txs = new ArrayList<>();
      txs.add(Transaction.coinbase(Height.of(committed), extra, outputs));
      txs.addAll(transactions);
      HeaderChain parentChain = new TreeChain(parent.hash());
      BlockHeader header;
      if (params.consensusKind() == ConsensusKind.PROOF_OF_WORK) {
        int headerBits = bits != null ? bits : rules.nextBits(parentChain);
        header =
            mine(
                BlockHeader.of(
                    1, parent.hash(), Block.computeMerkleRoot(txs), timestamp, headerBits, 0));
      } else {
        ProofOfAuthority poa = ProofOfAuthority.of(params);
        int index = signer >= 0 ? signer : height % authorities.size();
        KeyPair key = authorities.get(index);
        int headerBits = bits != null ? bits : poa.bitsFor(key.publicKey(), Height.of(height));
        header =
            poa.seal(
                BlockHeader.of(
                    1, parent.hash(), Block.computeMerkleRoot(txs), timestamp, headerBits, 0),
                key.privateKey());
      }
      Block block = Block.of(header, txs);
      remember(block, height);
      return block;
    }
  }

  /** A header chain over the blocks built here. */
  private final class TreeChain implements HeaderChain {
    private final Hash tip;

    TreeChain(Hash tip) {
      checkState(blocks.containsKey(tip), "unknown block %s", tip);
      this.tip = tip;
    }

    @Override
    public Height height() {
      return Height.of(heights.get(tip));
    }

    @Override
    public BlockHeader header() {
      return blocks.get(tip).header();
    }

    @Override
    public Optional<BlockHeader> ancestor(Height height) {
      Hash walk = tip;
      if (height.value() > heights.get(walk)) {
        return Optional.empty();
      }
      while (heights.get(walk) > height.value()) {
        walk = blocks.get(walk).header().previousHash();
      }
      return Optional.of(blocks.get(walk).header());
    }

    @Override
    public long medianTimePast() {
      List<Long> times = new ArrayList<>();
      Hash walk = tip;
      for (int i = 0; i < params.medianTimePastWindow(); i++) {
        Block block = blocks.get(walk);
        times.add(block.header().timestamp());
        if (heights.get(walk) == 0) {
          break;
        }
        walk = block.header().previousHash();
      }
      times.sort(null);
      return times.get(times.size() / 2);
    }
  }
}
