package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.EqualsTester;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  // RFC 6962 reference data from transparency-dev/merkle testonly/constants.go (LeafInputs and
  // RootHashes, which certificate-transparency and trillian share).
  private static final List<byte[]> RFC6962_LEAVES =
      List.of(
          HEX.parseHex(""),
          HEX.parseHex("00"),
          HEX.parseHex("10"),
          HEX.parseHex("2021"),
          HEX.parseHex("3031"),
          HEX.parseHex("40414243"),
          HEX.parseHex("5051525354555657"),
          HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

  private static final List<String> RFC6962_ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void rootOfData_matchesRfc6962ReferenceRootsForSizes0To8() {
    for (int size = 0; size <= 8; size++) {
      assertEquals(
          Hash.fromHex(RFC6962_ROOTS.get(size)),
          MerkleTree.rootOfData(RFC6962_LEAVES.subList(0, size)),
          "size " + size);
    }
  }

  @Test
  void root_ofEmptyList_isSha256OfNothing() {
    assertEquals(Hash.sha256(new byte[0]), MerkleTree.root(List.of()));
  }

  @Test
  void root_hashesEachLeafAs32BytesOfData() {
    List<Hash> leaves = leaves(5);
    List<byte[]> data = leaves.stream().map(Hash::toBytes).toList();
    assertEquals(MerkleTree.rootOfData(data), MerkleTree.root(leaves));
  }

  @Test
  void root_ofOneLeaf_isTheLeafHash() {
    Hash leaf = Hash.sha256(new byte[] {1});
    byte[] prefixed = new byte[33];
    leaf.copyTo(prefixed, 1);
    assertEquals(Hash.sha256(prefixed), MerkleTree.root(List.of(leaf)));
  }

  @Test
  void root_promotesTheOddNodeInsteadOfDuplicatingIt() {
    // The CVE-2012-2459 mutation: [a, b, c] versus [a, b, c, c].
    List<Hash> three = leaves(3);
    List<Hash> four = new ArrayList<>(three);
    four.add(three.get(2));
    assertNotEquals(MerkleTree.root(three), MerkleTree.root(four));
  }

  @Test
  void proof_ofEveryLeafVerifiesForSizes1To70() {
    for (int size = 1; size <= 70; size++) {
      List<Hash> leaves = leaves(size);
      Hash root = MerkleTree.root(leaves);
      for (int index = 0; index < size; index++) {
        MerkleProof proof = MerkleTree.proof(leaves, index);
        assertEquals(index, proof.leafIndex());
        assertEquals(size, proof.treeSize());
        assertTrue(proof.verify(leaves.get(index), root), "size " + size + " index " + index);
      }
    }
  }

  @Test
  void proof_pathLengthIsRfc6962AuditPathLength() {
    // A tree of 7 leaves: leaf 6 is promoted twice and only needs the left subtree of 4.
    List<Hash> leaves = leaves(7);
    assertEquals(2, MerkleTree.proof(leaves, 6).path().size());
    assertEquals(3, MerkleTree.proof(leaves, 0).path().size());
    assertEquals(0, MerkleTree.proof(leaves(1), 0).path().size());
  }

  @Test
  void proof_failsForAnotherLeafOrRoot() {
    List<Hash> leaves = leaves(11);
    Hash root = MerkleTree.root(leaves);
    MerkleProof proof = MerkleTree.proof(leaves, 4);
    assertFalse(proof.verify(leaves.get(5), root));
    assertFalse(proof.verify(leaves.get(4), Hash.sha256(new byte[0])));
  }

  @Test
  void proof_failsWhenAnyPathElementIsTampered() {
    for (int size : new int[] {2, 3, 9, 16, 33}) {
      List<Hash> leaves = leaves(size);
      Hash root = MerkleTree.root(leaves);
      for (int index = 0; index < size; index++) {
        MerkleProof proof = MerkleTree.proof(leaves, index);
        for (int i = 0; i < proof.path().size(); i++) {
          List<Hash> path = new ArrayList<>(proof.path());
          byte[] bytes = path.get(i).toBytes();
          bytes[7] ^= 0x10;
          path.set(i, Hash.fromBytes(bytes));
          assertFalse(MerkleProof.of(index, size, path).verify(leaves.get(index), root));
        }
      }
    }
  }

  @Test
  void proof_failsWithAnotherIndexOrSizeUnlessTheTreeShapeIsTheSame() {
    // The root does not commit to the size: a claimed (index, size) passes exactly when it
    // combines the path in the same left/right order as the true one, e.g. index 0 of 3 and of 4.
    for (int size = 2; size <= 20; size++) {
      List<Hash> leaves = leaves(size);
      Hash root = MerkleTree.root(leaves);
      for (int index = 0; index < size; index++) {
        MerkleProof proof = MerkleTree.proof(leaves, index);
        Hash leaf = leaves.get(index);
        for (int otherSize = 1; otherSize <= size + 3; otherSize++) {
          for (int otherIndex = 0; otherIndex < otherSize; otherIndex++) {
            boolean sameShape = shape(index, size).equals(shape(otherIndex, otherSize));
            assertEquals(
                sameShape,
                MerkleProof.of(otherIndex, otherSize, proof.path()).verify(leaf, root),
                "index " + index + " size " + size + " claimed " + otherIndex + "/" + otherSize);
          }
        }
      }
    }
    assertFalse(
        MerkleProof.of(1, 3, MerkleTree.proof(leaves(3), 0).path())
            .verify(leaves(3).get(0), MerkleTree.root(leaves(3))));
  }

  @Test
  void proof_failsWithPathTooLongOrTooShort() {
    List<Hash> leaves = leaves(13);
    Hash root = MerkleTree.root(leaves);
    MerkleProof proof = MerkleTree.proof(leaves, 6);
    List<Hash> longer = new ArrayList<>(proof.path());
    longer.add(root);
    assertFalse(MerkleProof.of(6, 13, longer).verify(leaves.get(6), root));
    List<Hash> shorter = proof.path().subList(0, proof.path().size() - 1);
    assertFalse(MerkleProof.of(6, 13, shorter).verify(leaves.get(6), root));
    assertFalse(MerkleProof.of(6, 13, List.of()).verify(leaves.get(6), root));
  }

  @Test
  void proof_rejectsAnInnerNodePresentedAsALeaf() {
    // Leaves 0..3 of an 8-leaf tree: their parent node (at level 2) with the upper path.
    List<Hash> leaves = leaves(8);
    Hash root = MerkleTree.root(leaves);
    MerkleProof full = MerkleTree.proof(leaves, 0);
    Hash innerNode = MerkleTree.root(leaves.subList(0, 4));
    List<Hash> upperPath = full.path().subList(2, 3);
    for (int size = 1; size <= 8; size++) {
      for (int index = 0; index < size; index++) {
        assertFalse(MerkleProof.of(index, size, upperPath).verify(innerNode, root));
      }
    }
    // Also the two children of the root, as if the tree had two leaves.
    Hash left = MerkleTree.root(leaves.subList(0, 4));
    Hash right = MerkleTree.root(leaves.subList(4, 8));
    assertFalse(MerkleProof.of(0, 2, List.of(right)).verify(left, root));
  }

  @Test
  void proof_rejectsOutOfRangeIndex() {
    assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.proof(leaves(3), 3));
    assertThrows(IllegalArgumentException.class, () -> MerkleProof.of(3, 3, List.of()));
    assertThrows(IllegalArgumentException.class, () -> MerkleProof.of(-1, 3, List.of()));
    assertThrows(IllegalArgumentException.class, () -> MerkleProof.of(0, 0, List.of()));
  }

  @Test
  void proof_isAValueType() {
    List<Hash> leaves = leaves(5);
    new EqualsTester()
        .addEqualityGroup(MerkleTree.proof(leaves, 1), MerkleTree.proof(leaves, 1))
        .addEqualityGroup(MerkleTree.proof(leaves, 2))
        .addEqualityGroup(MerkleProof.of(1, 6, MerkleTree.proof(leaves, 1).path()))
        .testEquals();
    List<Hash> path = new ArrayList<>(MerkleTree.proof(leaves, 1).path());
    MerkleProof proof = MerkleProof.of(1, 5, path);
    path.clear();
    assertEquals(3, proof.path().size());
    assertThrows(UnsupportedOperationException.class, () -> proof.path().clear());
  }

  /** For each level with a sibling, whether the sibling is on the left (bottom-up build). */
  private static List<Boolean> shape(int index, int size) {
    List<Boolean> shape = new ArrayList<>();
    for (int position = index, width = size; width > 1; position >>>= 1, width = (width + 1) / 2) {
      if ((position ^ 1) < width) {
        shape.add((position & 1) == 1);
      }
    }
    return shape;
  }

  static List<Hash> leaves(int count) {
    return IntStream.range(0, count).mapToObj(i -> Hash.sha256(new byte[] {(byte) i, 7})).toList();
  }
}
