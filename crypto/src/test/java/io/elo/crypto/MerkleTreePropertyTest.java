package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MerkleTreePropertyTest {
  @Property(tries = 300)
  void root_changesWhenTheLastLeafIsDuplicated(@ForAll @IntRange(min = 1, max = 80) int size) {
    List<Hash> leaves = MerkleTreeTest.leaves(size);
    List<Hash> mutated = new ArrayList<>(leaves);
    mutated.add(leaves.get(size - 1));
    assertNotEquals(MerkleTree.root(leaves), MerkleTree.root(mutated));
  }

  @Property(tries = 300)
  void root_changesWhenAnyLeafIsRepeated(
      @ForAll @IntRange(min = 1, max = 40) int size,
      @ForAll @IntRange(min = 0, max = 1000) int repeated,
      @ForAll @IntRange(min = 0, max = 1000) int position) {
    List<Hash> leaves = MerkleTreeTest.leaves(size);
    List<Hash> mutated = new ArrayList<>(leaves);
    mutated.add(position % (size + 1), leaves.get(repeated % size));
    assertNotEquals(MerkleTree.root(leaves), MerkleTree.root(mutated));
  }

  @Property(tries = 300)
  void root_changesWhenTwoDistinctLeavesAreSwapped(
      @ForAll @Size(min = 2, max = 40) List<@Size(32) byte[]> data,
      @ForAll @IntRange(min = 0, max = 1000) int first,
      @ForAll @IntRange(min = 1, max = 1000) int distance) {
    List<Hash> leaves = data.stream().map(Hash::fromBytes).toList();
    int i = first % leaves.size();
    int j = (i + 1 + distance % (leaves.size() - 1)) % leaves.size();
    Assume.that(!leaves.get(i).equals(leaves.get(j)));
    List<Hash> swapped = new ArrayList<>(leaves);
    swapped.set(i, leaves.get(j));
    swapped.set(j, leaves.get(i));
    assertNotEquals(MerkleTree.root(leaves), MerkleTree.root(swapped));
  }

  @Property(tries = 200)
  void proof_verifiesForRandomLeaves(
      @ForAll @Size(min = 1, max = 100) List<@Size(32) byte[]> data,
      @ForAll @IntRange(min = 0, max = 1000) int anyIndex) {
    List<Hash> leaves = data.stream().map(Hash::fromBytes).toList();
    int index = anyIndex % leaves.size();
    assertTrue(MerkleTree.proof(leaves, index).verify(leaves.get(index), MerkleTree.root(leaves)));
  }
}
