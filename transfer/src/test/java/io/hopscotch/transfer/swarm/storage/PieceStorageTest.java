package io.hopscotch.transfer.swarm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads and writes across file boundaries; verify-on-start finds exactly the intact pieces. */
class PieceStorageTest {

  @TempDir
  Path dir;

  @Test
  void multiFileCopyPieceByPieceIsByteIdenticalAndResumeFindsWrittenPieces() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/set"));
    Random r = new Random(5);
    byte[] a = new byte[10_000];
    byte[] b = new byte[50_001];
    r.nextBytes(a);
    r.nextBytes(b);
    Files.write(src.resolve("a"), a);
    Files.createDirectories(src.resolve("sub"));
    Files.write(src.resolve("sub/b"), b);
    Metainfo m = Metainfo.create(src, 16 * 1024, List.of());
    try (PieceStorage from = PieceStorage.open(m, dir.resolve("src"), true);
         PieceStorage to = PieceStorage.open(m, dir.resolve("dst"), false)) {
      assertThat(from.verifyAll()).isEqualTo(Bitfield.full(m.pieceCount()));
      assertThat(to.verifyAll().cardinality()).isZero();
      for (int i = 0; i < m.pieceCount(); i += 2) {
        to.write(i, 0, from.read(i, 0, m.pieceSize(i)));
      }
      assertThatThrownBy(() -> from.write(0, 0, new byte[1])).hasMessageContaining("read-only");
      assertThatThrownBy(() -> from.read(0, 16_000, 1000)).isInstanceOf(IndexOutOfBoundsException.class);
    }
    try (PieceStorage again = PieceStorage.open(m, dir.resolve("dst"), false);
         PieceStorage from = PieceStorage.open(m, dir.resolve("src"), true)) {
      Bitfield have = again.verifyAll();
      for (int i = 0; i < m.pieceCount(); i++) {
        assertThat(have.get(i)).isEqualTo(i % 2 == 0);
        if (!have.get(i)) {
          again.write(i, 0, from.read(i, 0, m.pieceSize(i)));
        }
      }
    }
    assertThat(Files.mismatch(dir.resolve("dst/set/a"), src.resolve("a"))).isEqualTo(-1);
    assertThat(Files.mismatch(dir.resolve("dst/set/sub/b"), src.resolve("sub/b"))).isEqualTo(-1);
  }
}
