package io.hopscotch.transfer.swarm.meta;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.BValue.BBytes;
import io.hopscotch.transfer.swarm.bencode.BValue.BList;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hashes a file, or every regular file below a directory (in sorted path order), into a
 * {@link Metainfo} a bounded number of bytes at a time, so that an event loop can hash a large file
 * in steps and serve other work between them. {@link Metainfo#create} is the all-at-once form.
 *
 * <p>Not thread-safe; keeps at most one file open, closed when done, on failure or by {@link #close}.
 */
public final class PieceHasher implements Closeable {

  private static final int BUFFER = 64 * 1024;

  private final List<Path> sources = new ArrayList<>();
  private final BValue.DictBuilder info;
  private final List<String> trackers;
  private final int pieceLength;
  private final MessageDigest md = Key.sha1Digest();
  private final ByteArrayOutputStream hashes = new ByteArrayOutputStream();
  private final byte[] buf = new byte[BUFFER];
  private int nextSource;
  private InputStream in;
  private long inPiece;
  private Metainfo result;

  private PieceHasher(BValue.DictBuilder info, List<String> trackers, int pieceLength) {
    this.info = info;
    this.trackers = trackers;
    this.pieceLength = pieceLength;
  }

  /**
   * Lists what {@code path} holds and prepares to hash it; reads no content yet.
   *
   * @param pieceLength bytes per piece, 1 to {@link Metainfo#MAX_PIECE_LENGTH}
   * @throws IllegalArgumentException if the piece length is out of range
   * @throws IOException if the path is neither a file nor a directory with regular files
   */
  public static PieceHasher of(Path path, int pieceLength, List<String> trackers) throws IOException {
    if (pieceLength <= 0 || pieceLength > Metainfo.MAX_PIECE_LENGTH) {
      throw new IllegalArgumentException("piece length must be in 1.." + Metainfo.MAX_PIECE_LENGTH + ", got " + pieceLength);
    }
    Path root = path.toAbsolutePath().normalize();
    String name = root.getFileName().toString();
    PieceHasher h = new PieceHasher(BValue.dict().put("name", name).put("piece length", pieceLength), List.copyOf(trackers),
        pieceLength);
    if (Files.isRegularFile(root)) {
      h.sources.add(root);
      h.info.put("length", Files.size(root));
    } else if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> root.relativize(p).toString())).forEach(h.sources::add);
      }
      if (h.sources.isEmpty()) {
        throw new IOException(root + " holds no regular file");
      }
      if (h.sources.size() > Metainfo.MAX_FILES) {
        throw new IOException(root + " holds " + h.sources.size() + " files, more than " + Metainfo.MAX_FILES);
      }
      List<BValue> list = new ArrayList<>();
      for (Path p : h.sources) {
        List<BValue> comps = new ArrayList<>();
        root.relativize(p).forEach(c -> comps.add(BBytes.of(c.toString())));
        list.add(BValue.dict().put("length", Files.size(p)).put("path", new BList(comps)).build());
      }
      h.info.put("files", new BList(list));
    } else {
      throw new IOException(root + " is neither a regular file nor a directory");
    }
    return h;
  }

  /**
   * Hashes about {@code maxBytes} more bytes (at least one buffer of 64 KiB unless the content ends).
   *
   * @return true once everything is hashed and {@link #metainfo()} is ready
   * @throws IOException if a file cannot be read (the hasher is then closed)
   */
  public boolean step(long maxBytes) throws IOException {
    if (result != null) {
      return true;
    }
    long budget = Math.max(maxBytes, 1);
    try {
      while (budget > 0) {
        if (in == null) {
          if (nextSource == sources.size()) {
            finish();
            return true;
          }
          in = Files.newInputStream(sources.get(nextSource++));
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, pieceLength - inPiece));
        if (n <= 0) {
          in.close();
          in = null;
          continue;
        }
        md.update(buf, 0, n);
        inPiece += n;
        budget -= n;
        if (inPiece == pieceLength) {
          hashes.writeBytes(md.digest());
          inPiece = 0;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void finish() {
    if (inPiece > 0) {
      hashes.writeBytes(md.digest());
      inPiece = 0;
    }
    info.put("pieces", hashes.toByteArray());
    result = Metainfo.of(info.build(), trackers);
  }

  /**
   * The metainfo, once {@link #step} has returned true.
   *
   * @throws IllegalStateException before that
   */
  public Metainfo metainfo() {
    if (result == null) {
      throw new IllegalStateException("hashing is not finished");
    }
    return result;
  }

  /** Closes the file being read, if any; the hasher cannot go on after this unless it had finished. */
  @Override
  public void close() throws IOException {
    if (in != null) {
      InputStream i = in;
      in = null;
      nextSource = sources.size() + 1;
      i.close();
    }
  }
}
