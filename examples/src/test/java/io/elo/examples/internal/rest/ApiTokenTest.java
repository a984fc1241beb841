package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_writesAnOwnerOnlyFile_andReadsItBack() throws Exception {
    Path dataDir = dir.resolve("data");
    ApiToken created = ApiToken.loadOrCreate(dataDir, RestNode.RANDOM);
    Path file = dataDir.resolve(ApiToken.FILE_NAME);
    assertEquals(created.toHex(), Files.readString(file).strip());
    assertEquals(64, created.toHex().length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    ApiToken loaded = ApiToken.loadOrCreate(dataDir, RestNode.RANDOM);
    assertEquals(created.toHex(), loaded.toHex());
  }

  @Test
  void loadOrCreate_rejectsACorruptFile() throws Exception {
    Files.writeString(dir.resolve(ApiToken.FILE_NAME), "not a token");
    assertThrows(IllegalArgumentException.class,
        () -> ApiToken.loadOrCreate(dir, RestNode.RANDOM));
  }

  @Test
  void matches_onlyTheSameToken() {
    ApiToken token = ApiToken.generate(RestNode.RANDOM);
    assertTrue(token.matches(token.toHex()));
    assertTrue(ApiToken.fromHex(token.toHex().toUpperCase()).matches(token.toHex()));
    assertFalse(token.matches(ApiToken.generate(RestNode.RANDOM).toHex()));
    assertFalse(token.matches(token.toHex().substring(1)));
    assertFalse(token.matches(null));
    assertFalse(token.toString().contains(token.toHex()), "never logged");
  }

  @Test
  void fromHex_rejectsWrongLengthOrDigits() {
    assertThrows(IllegalArgumentException.class, () -> ApiToken.fromHex("ab"));
    assertThrows(IllegalArgumentException.class, () -> ApiToken.fromHex("zz".repeat(32)));
  }
}
