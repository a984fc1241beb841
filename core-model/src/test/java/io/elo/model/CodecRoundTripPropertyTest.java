package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class CodecRoundTripPropertyTest {
  @Property(tries = 10000)
  void transaction_decodeOfEncodeIsIdentity(@ForAll("transactions") Transaction tx) {
    byte[] encoded = tx.encode();
    Transaction decoded = Transaction.decode(encoded);
    assertEquals(tx, decoded);
    assertEquals(tx.version(), decoded.version());
    assertEquals(tx.inputs(), decoded.inputs());
    assertEquals(tx.outputs(), decoded.outputs());
    assertEquals(tx.lockTime(), decoded.lockTime());
    assertEquals(tx.txid(), decoded.txid());
    assertEquals(encoded.length, decoded.size());
    assertEquals(tx.baseSize(), decoded.baseSize());
  }

  @Property(tries = 10000)
  void blockHeader_decodeOfEncodeIsIdentity(@ForAll("headers") BlockHeader header) {
    byte[] encoded = header.encode();
    assertEquals(header, BlockHeader.decode(encoded));
    assertEquals(header.size(), encoded.length);
  }

  @Property(tries = 10000)
  void block_decodeOfEncodeIsIdentity(@ForAll("blocks") Block block) {
    byte[] encoded = block.encode();
    Block decoded = Block.decode(encoded);
    assertEquals(block, decoded);
    assertEquals(block.hash(), decoded.hash());
    assertEquals(block.size(), encoded.length);
  }

  @Property(tries = 10000)
  void outPoint_decodeOfEncodeIsIdentity(@ForAll("outPoints") OutPoint outPoint) {
    Writer writer = new Writer(OutPoint.ENCODED_LENGTH);
    outPoint.encodeTo(writer);
    Reader reader = new Reader(writer.finish());
    assertEquals(outPoint, OutPoint.decodeFrom(reader));
    reader.finish();
  }

  @Property(tries = 10000)
  void txOutput_decodeOfEncodeIsIdentity(@ForAll("txOutputs") TxOutput output) {
    Writer writer = new Writer(TxOutput.ENCODED_LENGTH);
    output.encodeTo(writer);
    Reader reader = new Reader(writer.finish());
    assertEquals(output, TxOutput.decodeFrom(reader));
    reader.finish();
  }

  @Property(tries = 10000)
  void txInputWitness_decodeOfEncodeIsIdentity(@ForAll("txInputs") TxInput input) {
    Writer writer = new Writer(input.witnessSize());
    input.encodeWitnessTo(writer);
    Reader reader = new Reader(writer.finish());
    assertEquals(input, TxInput.unsigned(input.outPoint()).withWitnessFrom(reader));
    reader.finish();
  }

  @Property(tries = 10000)
  void varint_decodeOfEncodeIsIdentity(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long v) {
    Writer writer = new Writer(Writer.varintSize(v));
    writer.varint(v);
    Reader reader = new Reader(writer.finish());
    assertEquals(v, reader.varint());
    reader.finish();
  }

  @Property(tries = 1000)
  void address_parseOfTextIsIdentity(@ForAll("addresses") Address address) {
    assertEquals(address, Address.parse(address.toText()));
    assertEquals(address, Address.parse(address.toText("elot"), "elot"));
    assertEquals(address, Address.parse(address.toText().toUpperCase(Locale.ROOT)));
  }

  @Property(tries = 1000)
  void amount_parseOfToStringIsIdentity(@ForAll("amounts") Amount amount) {
    assertEquals(amount, Amount.parse(amount.toString()));
  }

  @Provide
  Arbitrary<Transaction> transactions() {
    return ModelArbitraries.transactions();
  }

  @Provide
  Arbitrary<BlockHeader> headers() {
    return ModelArbitraries.blockHeaders();
  }

  @Provide
  Arbitrary<Block> blocks() {
    return ModelArbitraries.blocks();
  }

  @Provide
  Arbitrary<OutPoint> outPoints() {
    return ModelArbitraries.outPoints();
  }

  @Provide
  Arbitrary<TxOutput> txOutputs() {
    return ModelArbitraries.txOutputs();
  }

  @Provide
  Arbitrary<TxInput> txInputs() {
    return ModelArbitraries.txInputs();
  }

  @Provide
  Arbitrary<Address> addresses() {
    return ModelArbitraries.addresses();
  }

  @Provide
  Arbitrary<Amount> amounts() {
    return ModelArbitraries.amounts();
  }
}
