/**
 * Elo consensus rules: chain parameters, proof-of-work targets and the aserti3-2d retarget, chain
 * work, the proof-of-authority seal, and the block producers that build on them.
 *
 * <p>{@link io.elo.consensus.ConsensusRules#forParams(io.elo.consensus.ChainParams)} chooses the
 * rules of a chain; callers only see the {@link io.elo.consensus.ConsensusRules} interface, so the
 * rest of Elo works the same on a proof-of-work and a proof-of-authority chain. The rules judge a
 * header against its parent chain (a {@link io.elo.consensus.HeaderChain} supplied by validation)
 * and answer with a {@link io.elo.consensus.RuleResult}, never an exception. Checks that need local
 * time or the median time past are validation's job.
 *
 * <p>Block producers ({@link io.elo.consensus.Miner}, {@link io.elo.consensus.Sealer}) take a clock,
 * a scheduler or thread factory and a random source from their caller; nothing here reads the wall
 * clock or global randomness.
 */
package io.elo.consensus;
