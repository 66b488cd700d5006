package io.hopscotch.transfer.swarm.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing in steps of any size gives the metainfo that hashing at once gives. */
class PieceHasherTest {

  @TempDir
  Path dir;

  @Test
  void anyStepSizeGivesTheSameMetainfo() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("album"));
    Random r = new Random(3);
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[10_000 + r.nextInt(50_000)];
      r.nextBytes(data);
      Files.write(folder.resolve("f" + i), data);
    }
    Path single = folder.resolve("f1");
    Metainfo wholeDir = Metainfo.create(folder, 16 * 1024, List.of());
    Metainfo wholeFile = Metainfo.create(single, 16 * 1024, List.of());
    qt().withExamples(60).forAll(integers().between(1, 80_000)).checkAssert(step -> {
      try {
        for (Path p : List.of(folder, single)) {
          PieceHasher h = PieceHasher.of(p, 16 * 1024, List.of());
          int steps = 1;
          while (!h.step(step)) {
            steps++;
          }
          assertThat(h.metainfo().infoHash()).isEqualTo((p == folder ? wholeDir : wholeFile).infoHash());
          long size = p == folder ? wholeDir.totalLength() : wholeFile.totalLength();
          // each step reads at most one 64 KiB buffer beyond its budget, and at least its budget
          assertThat(steps).isGreaterThanOrEqualTo((int) (size / Math.max(step, 64 * 1024)));
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void theMetainfoIsNotReadyBeforeTheLastStepAndBadPathsFailClearly() throws Exception {
    Path f = dir.resolve("f.bin");
    Files.write(f, new byte[200_000]);
    PieceHasher h = PieceHasher.of(f, 16 * 1024, List.of());
    assertThat(h.step(1)).isFalse();
    assertThatThrownBy(h::metainfo).hasMessageContaining("not finished");
    h.close();
    assertThatThrownBy(() -> PieceHasher.of(dir.resolve("missing"), 16 * 1024, List.of()))
        .hasMessageContaining("neither a regular file nor a directory");
    assertThatThrownBy(() -> PieceHasher.of(f, 0, List.of())).hasMessageContaining("piece length");
  }
}
