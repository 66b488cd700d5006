package io.hopscotch.transfer.direct;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running fetch: chunks are requested from the best holder, a few at a time, written into a
 * temporary file in the target directory and hashed in order; when all have arrived the SHA-1 is
 * compared with the content id and the file is moved to its name. A holder that fails midway is
 * dropped and the download continues from the next best one, re-requesting only what is missing.
 *
 * <p>File writes use java.nio on the node's event loop; each step writes one bounded chunk, so no
 * step blocks the loop for long. Memory is bounded: chunks that arrived ahead of the hashing cursor
 * are kept until it reaches them, and no chunk more than {@link #AHEAD} chunks ahead is requested.
 */
final class Download {

  private static final Logger LOG = LoggerFactory.getLogger(Download.class);
  /** How far (in chunks) requests may run ahead of the first chunk not yet hashed. */
  static final int AHEAD = 16;

  private final StrategyContext ctx;
  private final ContentInfo info;
  private final Path target;
  private final Path tmp;
  private final List<Peer> holders;
  private final Consumer<TransferProgress> progress;
  private final int chunkBytes;
  private final int window;
  private final int chunks;
  private final Promise<Path> result = Promise.promise();
  private final FileChannel out;
  private final MessageDigest digest = Key.sha1Digest();
  private final BitSet done = new BitSet();
  private final ArrayDeque<Integer> retry = new ArrayDeque<>();
  private final TreeMap<Integer, byte[]> unhashed = new TreeMap<>();
  private final long startNanos;
  private int holderIndex;
  private int nextChunk;
  private int hashed;
  private int inFlight;
  private long bytesDone;
  private boolean finished;
  private Throwable lastError;

  /**
   * Prepares a download; {@link #start} begins it.
   *
   * @param holders candidate holders, best first, at least one
   * @throws IOException if the temporary file cannot be created
   */
  Download(StrategyContext ctx, ContentInfo info, Path dir, List<Peer> holders, Consumer<TransferProgress> progress,
           int chunkBytes, int window) throws IOException {
    this.ctx = ctx;
    this.info = info;
    this.target = dir.resolve(info.name());
    this.holders = List.copyOf(holders);
    this.progress = progress;
    this.chunkBytes = chunkBytes;
    this.window = window;
    this.chunks = (int) Math.min(Integer.MAX_VALUE, (info.size() + chunkBytes - 1) / chunkBytes);
    this.tmp = Files.createTempFile(dir, "." + info.name() + ".", ".part");
    this.out = FileChannel.open(tmp, StandardOpenOption.WRITE);
    this.startNanos = ctx.clock().nanos();
  }

  /** Starts requesting; the future completes with the verified file's path. */
  Future<Path> start() {
    if (chunks == 0) {
      finish();
    } else {
      issue();
    }
    return result.future();
  }

  private long offsetOf(int chunk) {
    return (long) chunk * chunkBytes;
  }

  private int lengthOf(int chunk) {
    return (int) Math.min(chunkBytes, info.size() - offsetOf(chunk));
  }

  private void issue() {
    while (!finished && inFlight < window) {
      Integer c = retry.poll();
      if (c != null && done.get(c)) {
        continue;
      }
      if (c == null) {
        if (nextChunk >= chunks || nextChunk >= hashed + AHEAD) {
          return;
        }
        c = nextChunk++;
      }
      int chunk = c;
      Peer holder = holders.get(holderIndex);
      inFlight++;
      ctx.transport().request(holder, new DirectMessages.ChunkRequest(info.id(), offsetOf(chunk), lengthOf(chunk)))
          .onComplete(ar -> onChunk(chunk, holder, ar.succeeded() ? ar.result() : null, ar.cause()));
    }
  }

  private void onChunk(int chunk, Peer holder, Message m, Throwable error) {
    inFlight--;
    if (finished) {
      return;
    }
    if (error == null && m instanceof DirectMessages.ChunkResponse r && r.content().equals(info.id())
        && r.offset() == offsetOf(chunk) && r.data().length == lengthOf(chunk)) {
      if (!done.get(chunk)) {
        accept(chunk, r.data());
      }
    } else {
      Throwable why = error != null ? error
          : new HopscotchException("holder " + holder + " sent a wrong chunk for " + info.id() + " at " + offsetOf(chunk));
      retry.add(chunk);
      if (holders.get(holderIndex).equals(holder)) {
        lastError = why;
        holderIndex++;
        ctx.stats().increment("direct.holder_failover");
        if (holderIndex >= holders.size()) {
          fail(new HopscotchException("download of " + info.name() + " (" + info.id() + ") failed: all " + holders.size()
              + " holders failed; last error: " + why.getMessage(), why));
          return;
        }
        LOG.info("holder {} failed for {} ({}); continuing from {}", holder, info.id(), why.getMessage(), holders.get(holderIndex));
      }
    }
    if (finished) {
      return;
    }
    if (hashed == chunks) {
      finish();
    } else {
      issue();
    }
  }

  private void accept(int chunk, byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      long pos = offsetOf(chunk);
      while (b.hasRemaining()) {
        pos += out.write(b, pos);
      }
    } catch (IOException e) {
      fail(new HopscotchException("cannot write " + tmp + ": " + e.getMessage(), e));
      return;
    }
    done.set(chunk);
    bytesDone += data.length;
    ctx.stats().add("direct.bytes_received", data.length);
    unhashed.put(chunk, data);
    while (!unhashed.isEmpty() && unhashed.firstKey() == hashed) {
      digest.update(unhashed.pollFirstEntry().getValue());
      hashed++;
    }
    report(0);
  }

  private void report(int piecesDone) {
    double secs = (ctx.clock().nanos() - startNanos) / 1e9;
    double rate = secs <= 0 ? 0 : bytesDone / secs;
    try {
      progress.accept(new TransferProgress(info.id(), bytesDone, info.size(), rate, 1, piecesDone, 1));
    } catch (RuntimeException e) {
      LOG.warn("progress listener failed", e);
    }
  }

  private void finish() {
    finished = true;
    Key got = Key.fromBytes(digest.digest());
    try {
      out.close();
      if (!got.equals(info.id())) {
        Files.deleteIfExists(tmp);
        ctx.stats().increment("direct.hash_mismatch");
        result.tryFail(new HopscotchException("download of " + info.name() + " does not match its content id: SHA-1 is "
            + got.toHex() + ", expected " + info.id().toHex()));
        return;
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly();
      result.tryFail(new HopscotchException("cannot store " + target + ": " + e.getMessage(), e));
      return;
    }
    report(1);
    ctx.stats().increment("direct.fetched");
    result.tryComplete(target);
  }

  /** Stops the download, deletes the partial file and fails it with {@code cause}. */
  void fail(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", tmp, e.getMessage());
    }
    deleteQuietly();
    result.tryFail(cause);
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      LOG.warn("cannot delete partial download {}: {}", tmp, e.getMessage());
    }
  }

  /** The error that made the last holder switch, or null. */
  Throwable lastError() {
    return lastError;
  }
}
