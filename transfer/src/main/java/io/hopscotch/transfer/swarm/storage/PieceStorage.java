package io.hopscotch.transfer.swarm.storage;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.meta.FileEntry;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.protocol.Bitfield;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A torrent's content on disk: one file ({@code dir/name}) or a tree ({@code dir/name/path…}), read
 * and written by piece and offset across file boundaries. Blocks are written in place, so a restarted
 * download resumes by {@link #verifyAll() verifying} what is already there.
 *
 * <p>Not thread-safe: used from one event loop. Keeps one channel per file open until closed.
 */
public final class PieceStorage implements Closeable {

  private final Metainfo meta;
  private final Path root;
  private final List<Path> paths = new ArrayList<>();
  private final FileChannel[] channels;
  private final boolean readOnly;

  private PieceStorage(Metainfo meta, Path root, boolean readOnly) {
    this.meta = meta;
    this.root = root;
    this.readOnly = readOnly;
    this.channels = new FileChannel[meta.files().size()];
    for (FileEntry f : meta.files()) {
      Path p = root;
      if (!meta.singleFile()) {
        for (String c : f.path()) {
          p = p.resolve(c);
        }
      }
      paths.add(p);
    }
  }

  /**
   * Opens storage below {@code directory}, creating missing files and extending short ones (sparse).
   *
   * @param readOnly true to serve existing content without ever writing (a seeder of its own files)
   * @throws IOException if a file cannot be created or opened, or (read-only) is missing or too short
   */
  public static PieceStorage open(Metainfo meta, Path directory, boolean readOnly) throws IOException {
    PieceStorage s = new PieceStorage(meta, directory.resolve(meta.name()), readOnly);
    for (int i = 0; i < s.paths.size(); i++) {
      Path p = s.paths.get(i);
      long len = meta.files().get(i).length();
      if (readOnly) {
        if (!Files.isRegularFile(p) || Files.size(p) < len) {
          s.close();
          throw new IOException(p + " is missing or shorter than " + len + " bytes");
        }
        s.channels[i] = FileChannel.open(p, StandardOpenOption.READ);
      } else {
        Files.createDirectories(p.getParent());
        s.channels[i] = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        if (s.channels[i].size() > len) {
          s.channels[i].truncate(len);
        }
      }
    }
    return s;
  }

  /** The file (single-file content) or the top directory (multi-file). */
  public Path root() {
    return root;
  }

  /** The metainfo. */
  public Metainfo meta() {
    return meta;
  }

  /** Reads {@code length} bytes at {@code begin} within {@code piece}. */
  public byte[] read(int piece, int begin, int length) throws IOException {
    check(piece, begin, length);
    byte[] out = new byte[length];
    transfer(piece, begin, ByteBuffer.wrap(out), false);
    return out;
  }

  /** Writes {@code data} at {@code begin} within {@code piece}. */
  public void write(int piece, int begin, byte[] data) throws IOException {
    if (readOnly) {
      throw new IOException("storage of " + meta.name() + " is read-only");
    }
    check(piece, begin, data.length);
    transfer(piece, begin, ByteBuffer.wrap(data), true);
  }

  private void check(int piece, int begin, int length) {
    int size = meta.pieceSize(piece);
    if (begin < 0 || length < 0 || begin > size || length > size - begin) {
      throw new IndexOutOfBoundsException("range " + begin + "+" + length + " lies outside piece " + piece + " of " + size + " bytes");
    }
  }

  private void transfer(int piece, int begin, ByteBuffer buf, boolean write) throws IOException {
    long pos = (long) piece * meta.pieceLength() + begin;
    List<FileEntry> files = meta.files();
    for (int i = 0; i < files.size() && buf.hasRemaining(); i++) {
      FileEntry f = files.get(i);
      if (pos >= f.offset() + f.length() || f.length() == 0) {
        continue;
      }
      long within = pos - f.offset();
      int n = (int) Math.min(buf.remaining(), f.length() - within);
      ByteBuffer slice = buf.slice(buf.position(), n);
      while (slice.hasRemaining()) {
        int k = write ? channels[i].write(slice, within + slice.position()) : channels[i].read(slice, within + slice.position());
        if (k < 0) {
          Arrays.fill(buf.array(), buf.position() + slice.position(), buf.position() + n, (byte) 0);
          break;
        }
      }
      buf.position(buf.position() + n);
      pos += n;
    }
  }

  /** True if piece {@code piece} on disk matches its SHA-1. */
  public boolean verify(int piece) throws IOException {
    byte[] data = read(piece, 0, meta.pieceSize(piece));
    return MessageDigest.isEqual(Key.sha1Digest().digest(data), meta.pieceHash(piece));
  }

  /** Checks every piece on disk; the pieces that match. Used to resume and before seeding. */
  public Bitfield verifyAll() throws IOException {
    Bitfield b = new Bitfield(meta.pieceCount());
    for (int i = 0; i < meta.pieceCount(); i++) {
      if (verify(i)) {
        b.set(i);
      }
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (FileChannel c : channels) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
