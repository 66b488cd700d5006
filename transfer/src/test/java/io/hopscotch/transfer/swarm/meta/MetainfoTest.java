package io.hopscotch.transfer.swarm.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single- and multi-file metainfo, .torrent round trips, magnet links, and invalid info dictionaries. */
class MetainfoTest {

  @TempDir
  Path dir;

  @Test
  void singleFileHashesEveryPieceAndRoundTripsThroughATorrentFile() throws IOException {
    byte[] data = new byte[3 * 32 * 1024 + 100];
    new Random(3).nextBytes(data);
    Path f = dir.resolve("song.ogg");
    Files.write(f, data);
    Metainfo m = Metainfo.create(f, 32 * 1024, List.of("http://127.0.0.1:6969/announce"));
    assertThat(m.pieceCount()).isEqualTo(4);
    assertThat(m.pieceSize(3)).isEqualTo(100);
    assertThat(m.singleFile()).isTrue();
    assertThat(m.pieceHash(1)).isEqualTo(Key.sha1(Arrays.copyOfRange(data, 32 * 1024, 64 * 1024)).toBytes());
    assertThat(m.infoHash()).isEqualTo(Key.sha1(Bencode.encode(m.info())));
    Path t = dir.resolve("song.torrent");
    m.write(t);
    Metainfo back = Metainfo.read(t);
    assertThat(back.infoHash()).isEqualTo(m.infoHash());
    assertThat(back.trackers()).containsExactly("http://127.0.0.1:6969/announce");
    assertThat(Metainfo.fromInfoBytes(m.infoBytes(), List.of()).infoHash()).isEqualTo(m.infoHash());
  }

  @Test
  void defaultPieceLengthIs256KiB() {
    assertThat(Metainfo.DEFAULT_PIECE_LENGTH).isEqualTo(262_144);
  }

  @Test
  void multiFileContentIsConcatenatedInSortedPathOrder() throws IOException {
    Path root = Files.createDirectories(dir.resolve("album"));
    Files.createDirectories(root.resolve("b"));
    Files.write(root.resolve("b/two.txt"), new byte[20_000]);
    Files.write(root.resolve("a.txt"), new byte[5_000]);
    Files.write(root.resolve("empty"), new byte[0]);
    Metainfo m = Metainfo.create(root, 16 * 1024, List.of());
    assertThat(m.singleFile()).isFalse();
    assertThat(m.totalLength()).isEqualTo(25_000);
    assertThat(m.files()).extracting(FileEntry::path).containsExactly(List.of("a.txt"), List.of("b", "two.txt"), List.of("empty"));
    assertThat(m.files()).extracting(FileEntry::offset).containsExactly(0L, 5_000L, 25_000L);
    assertThat(Metainfo.fromTorrent(m.toTorrent()).files()).isEqualTo(m.files());
  }

  @Test
  void magnetLinksCarryInfoHashNameAndTrackers() {
    Key h = Key.sha1("x");
    MagnetLink l = new MagnetLink(h, "a b.iso", List.of("http://127.0.0.1:1/announce"));
    MagnetLink back = MagnetLink.parse(l.toString());
    assertThat(back).isEqualTo(l);
    assertThat(l.toString()).startsWith("magnet:?xt=urn:btih:" + h.toHex());
    // base32 form of the same hash
    assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + base32(h.toBytes())).infoHash()).isEqualTo(h);
    assertThatThrownBy(() -> MagnetLink.parse("magnet:?dn=x")).hasMessageContaining("no 'xt=urn:btih:'");
    assertThatThrownBy(() -> MagnetLink.parse("http://x")).hasMessageContaining("starts with 'magnet:?'");
  }

  private static String base32(byte[] b) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte x : b) {
      buffer = buffer << 8 | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    return sb.toString();
  }

  @Test
  void rejectsInvalidInfoDictionaries() {
    BValue.BDict noPieces = BValue.dict().put("name", "x").put("piece length", 16384).put("length", 10).build();
    assertThatThrownBy(() -> Metainfo.fromInfo(noPieces, List.of())).hasMessageContaining("missing key 'pieces'");
    BValue.BDict wrongCount = BValue.dict().put("name", "x").put("piece length", 16384).put("length", 10)
        .put("pieces", new byte[40]).build();
    assertThatThrownBy(() -> Metainfo.fromInfo(wrongCount, List.of())).hasMessageContaining("holds 2 hashes");
    BValue.BDict evilName = BValue.dict().put("name", "..").put("piece length", 16384).put("length", 10)
        .put("pieces", new byte[20]).build();
    assertThatThrownBy(() -> Metainfo.fromInfo(evilName, List.of())).hasMessageContaining("plain file name");
    BValue.BDict evilPath = BValue.dict().put("name", "d").put("piece length", 16384).put("pieces", new byte[20])
        .put("files", new BValue.BList(List.of(BValue.dict().put("length", 10)
            .put("path", new BValue.BList(List.of(BValue.BBytes.of("..")))).build()))).build();
    assertThatThrownBy(() -> Metainfo.fromInfo(evilPath, List.of())).hasMessageContaining("path component");
  }
}
