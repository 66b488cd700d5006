package io.hopscotch.transfer.swarm.meta;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.BValue.BBytes;
import io.hopscotch.transfer.swarm.bencode.BValue.BDict;
import io.hopscotch.transfer.swarm.bencode.BValue.BInt;
import io.hopscotch.transfer.swarm.bencode.BValue.BList;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.bencode.BencodeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A torrent's metainfo (BEP 3): the info dictionary (name, piece length, SHA-1 piece hashes, and a
 * length or a file list) plus tracker URLs. The info-hash — SHA-1 of the bencoded info dictionary —
 * names the content.
 */
public final class Metainfo {

  /** The default piece length: 256 KiB. */
  public static final int DEFAULT_PIECE_LENGTH = 256 * 1024;
  /** Largest piece length accepted: 64 MiB. */
  public static final int MAX_PIECE_LENGTH = 64 * 1024 * 1024;
  /** Most files in one torrent. */
  public static final int MAX_FILES = 100_000;

  private final BDict info;
  private final byte[] infoBytes;
  private final Key infoHash;
  private final String name;
  private final int pieceLength;
  private final byte[] pieces;
  private final List<FileEntry> files;
  private final boolean singleFile;
  private final long totalLength;
  private final List<String> trackers;

  private Metainfo(BDict info, List<String> trackers) {
    this.info = info;
    this.infoBytes = Bencode.encode(info);
    this.infoHash = Key.sha1(infoBytes);
    this.trackers = List.copyOf(trackers);
    this.name = safeName(info.require("name", BBytes.class).utf8(), "name");
    long pl = info.require("piece length", BInt.class).value();
    if (pl <= 0 || pl > MAX_PIECE_LENGTH) {
      throw new BencodeException("piece length must be in 1.." + MAX_PIECE_LENGTH + ", got " + pl);
    }
    this.pieceLength = (int) pl;
    this.pieces = info.require("pieces", BBytes.class).bytes();
    if (pieces.length % 20 != 0) {
      throw new BencodeException("pieces must be a multiple of 20 bytes, got " + pieces.length);
    }
    BInt length = info.optional("length", BInt.class);
    BList fileList = info.optional("files", BList.class);
    List<FileEntry> entries = new ArrayList<>();
    if ((length == null) == (fileList == null)) {
      throw new BencodeException("info must have exactly one of 'length' and 'files'");
    }
    long total = 0;
    if (length != null) {
      if (length.value() < 0) {
        throw new BencodeException("length must be >= 0, got " + length.value());
      }
      entries.add(new FileEntry(List.of(name), length.value(), 0));
      total = length.value();
      singleFile = true;
    } else {
      if (fileList.items().isEmpty() || fileList.items().size() > MAX_FILES) {
        throw new BencodeException("files must list 1.." + MAX_FILES + " files, got " + fileList.items().size());
      }
      for (BValue f : fileList.items()) {
        if (!(f instanceof BDict fd)) {
          throw new BencodeException("each entry of files must be a dictionary");
        }
        long len = fd.require("length", BInt.class).value();
        if (len < 0) {
          throw new BencodeException("file length must be >= 0, got " + len);
        }
        List<String> path = new ArrayList<>();
        for (BValue c : fd.require("path", BList.class).items()) {
          if (!(c instanceof BBytes cb)) {
            throw new BencodeException("path components must be byte strings");
          }
          path.add(safeName(cb.utf8(), "path component"));
        }
        if (path.isEmpty()) {
          throw new BencodeException("a file path must have at least one component");
        }
        entries.add(new FileEntry(path, len, total));
        total = Math.addExact(total, len);
      }
      singleFile = false;
    }
    this.files = List.copyOf(entries);
    this.totalLength = total;
    long expected = (total + pieceLength - 1) / pieceLength;
    if (pieces.length / 20 != expected) {
      throw new BencodeException("pieces holds " + pieces.length / 20 + " hashes but " + total + " bytes in pieces of "
          + pieceLength + " need " + expected);
    }
  }

  private static String safeName(String s, String what) {
    if (s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\") || s.indexOf('\0') >= 0) {
      throw new BencodeException(what + " must be a plain file name, got '" + s + "'");
    }
    return s;
  }

  /**
   * Metainfo from an info dictionary.
   *
   * @throws BencodeException naming the field if the dictionary is not a valid info dictionary
   */
  public static Metainfo fromInfo(BDict info, List<String> trackers) {
    return new Metainfo(info, trackers);
  }

  /** Metainfo from the bencoded info dictionary (as carried in a ContentInfo's metadata). */
  public static Metainfo fromInfoBytes(byte[] infoBytes, List<String> trackers) {
    return new Metainfo(Bencode.decodeDict(infoBytes), trackers);
  }

  /**
   * Parses a {@code .torrent} file's bytes: {@code announce}, {@code announce-list} and {@code info}.
   *
   * @throws BencodeException if the data is malformed or the info dictionary invalid
   */
  public static Metainfo fromTorrent(byte[] torrent) {
    BDict root = Bencode.decodeDict(torrent);
    List<String> trackers = new ArrayList<>();
    BBytes announce = root.optional("announce", BBytes.class);
    if (announce != null) {
      trackers.add(announce.utf8());
    }
    BList tiers = root.optional("announce-list", BList.class);
    if (tiers != null) {
      for (BValue tier : tiers.items()) {
        if (tier instanceof BList t) {
          for (BValue u : t.items()) {
            if (u instanceof BBytes ub && !trackers.contains(ub.utf8())) {
              trackers.add(ub.utf8());
            }
          }
        }
      }
    }
    return new Metainfo(root.require("info", BDict.class), trackers);
  }

  /** Reads a {@code .torrent} file. */
  public static Metainfo read(Path torrentFile) throws IOException {
    return fromTorrent(Files.readAllBytes(torrentFile));
  }

  /**
   * Hashes a file, or every regular file below a directory (in sorted path order), into metainfo.
   *
   * @param pieceLength bytes per piece, e.g. {@link #DEFAULT_PIECE_LENGTH}
   * @throws IOException if reading fails or the path is neither a file nor a directory with files
   */
  public static Metainfo create(Path path, int pieceLength, List<String> trackers) throws IOException {
    try (PieceHasher h = PieceHasher.of(path, pieceLength, trackers)) {
      h.step(Long.MAX_VALUE);
      return h.metainfo();
    }
  }

  /** A metainfo of an info dictionary built here (by {@link PieceHasher}). */
  static Metainfo of(BDict info, List<String> trackers) {
    return new Metainfo(info, trackers);
  }

  /** The bencoded {@code .torrent} file: announce, announce-list (one tier per tracker) and info. */
  public byte[] toTorrent() {
    BValue.DictBuilder root = BValue.dict().put("info", info).put("created by", "hopscotch");
    if (!trackers.isEmpty()) {
      root.put("announce", trackers.get(0));
      List<BValue> tiers = new ArrayList<>();
      trackers.forEach(t -> tiers.add(new BList(List.of(BBytes.of(t)))));
      root.put("announce-list", new BList(tiers));
    }
    return Bencode.encode(root.build());
  }

  /** Writes the {@code .torrent} file. */
  public void write(Path torrentFile) throws IOException {
    Files.write(torrentFile, toTorrent());
  }

  /** The same content with other trackers. */
  public Metainfo withTrackers(List<String> newTrackers) {
    return new Metainfo(info, newTrackers);
  }

  /** A magnet link with the info-hash, name and trackers. */
  public MagnetLink magnet() {
    return new MagnetLink(infoHash, name, trackers);
  }

  /** The info dictionary. */
  public BDict info() {
    return info;
  }

  /** The bencoded info dictionary (a copy). */
  public byte[] infoBytes() {
    return infoBytes.clone();
  }

  /** Length of the bencoded info dictionary in bytes. */
  public int infoLength() {
    return infoBytes.length;
  }

  /**
   * Bytes {@code from} (inclusive) to {@code to} (exclusive) of the bencoded info dictionary, as the
   * metadata exchange (BEP 9) serves it piece by piece.
   *
   * @throws IndexOutOfBoundsException if the range is not within the dictionary
   */
  public byte[] infoSlice(int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, infoBytes.length);
    return Arrays.copyOfRange(infoBytes, from, to);
  }

  /** SHA-1 of the bencoded info dictionary. */
  public Key infoHash() {
    return infoHash;
  }

  /** The suggested name: the file name, or the top directory's name for multi-file content. */
  public String name() {
    return name;
  }

  /** Bytes per piece (the last piece may be shorter). */
  public int pieceLength() {
    return pieceLength;
  }

  /** Number of pieces. */
  public int pieceCount() {
    return pieces.length / 20;
  }

  /** Size of piece {@code index} in bytes. */
  public int pieceSize(int index) {
    java.util.Objects.checkIndex(index, pieceCount());
    long start = (long) index * pieceLength;
    return (int) Math.min(pieceLength, totalLength - start);
  }

  /** The 20-byte SHA-1 of piece {@code index}. */
  public byte[] pieceHash(int index) {
    java.util.Objects.checkIndex(index, pieceCount());
    return Arrays.copyOfRange(pieces, 20 * index, 20 * index + 20);
  }

  /** The files, in order. */
  public List<FileEntry> files() {
    return files;
  }

  /** True for single-file content (info has {@code length}). */
  public boolean singleFile() {
    return singleFile;
  }

  /** Total bytes of content. */
  public long totalLength() {
    return totalLength;
  }

  /** Tracker announce URLs. */
  public List<String> trackers() {
    return trackers;
  }

  @Override
  public String toString() {
    return "Metainfo[" + name + ", " + infoHash.toHex() + ", " + totalLength + " bytes, " + pieceCount() + " pieces]";
  }
}
