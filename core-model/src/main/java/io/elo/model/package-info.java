/**
 * The Elo data model: immutable blocks, headers, transactions and their parts, amounts, heights and
 * addresses, and the canonical binary codec.
 *
 * <p>Every type here is an immutable value. The codec is strict: a decoder accepts exactly one
 * encoding of each value (little-endian integers, minimal varints, bounded counts and lengths, no
 * trailing bytes), so {@code encode(decode(b))} equals {@code b} for every accepted {@code b}.
 * Every malformed input raises the one unchecked {@link io.elo.model.DecodeException}, with a
 * {@link io.elo.model.DecodeException.Reason} and the byte offset where decoding failed. The byte
 * layout is specified in {@code docs/protocol.md}.
 *
 * <p>Consensus checks that need context (signatures, spent outputs, the chain) are not made here;
 * they belong to the validation module.
 */
package io.elo.model;
