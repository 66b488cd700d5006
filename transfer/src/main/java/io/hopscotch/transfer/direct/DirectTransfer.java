package io.hopscotch.transfer.direct;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.ContentNotFoundException;
import io.hopscotch.core.FetchCancelledException;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.spi.ProbeResult;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Napster-style direct transfer, transfer name {@code direct}: a publisher announces itself
 * under the content id (SHA-1 of the file) through whatever routing the node runs; a fetcher finds
 * the holders there, probes them (RTT and bandwidth), downloads in chunks from the best one (falling
 * back to the next best if it fails), verifies the SHA-1, and then announces itself as a holder too.
 *
 * <p>Hashing at publish reads the file on a worker thread ({@link StrategyContext#executeBlocking}).
 * Chunk reads when serving and chunk writes when fetching use java.nio on the node's event loop, one
 * bounded chunk per step, which keeps each step short.
 */
public final class DirectTransfer implements io.hopscotch.core.spi.TransferStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(DirectTransfer.class);
  /** Most holders probed for one fetch. */
  static final int MAX_PROBED = 8;

  private record Published(Path path, long size, String name) {
  }

  private final DirectOptions options;
  private final Map<Key, Published> published = new LinkedHashMap<>();
  private final Set<Download> running = new HashSet<>();
  private StrategyContext ctx;
  private Timers.Timer reannounce;
  private boolean closed;

  /** A direct transfer with parsed options; {@link #init} gives it its context. */
  public DirectTransfer(DirectOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return DirectTransferProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return DirectMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
  }

  /**
   * Hashes the regular file at {@code path}, remembers it and announces this node as its holder.
   * Fails if the path is not a regular file or cannot be read.
   */
  @Override
  public Future<ContentInfo> publish(Path path) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("direct transfer is closed"));
    }
    if (!Files.isRegularFile(path)) {
      return Future.failedFuture(new HopscotchException("cannot publish " + path + ": not a regular file"));
    }
    Path abs = path.toAbsolutePath();
    String name = abs.getFileName().toString();
    // the file is read on a worker thread (inline in the simulator), not on the node's event loop
    return ctx.executeBlocking(() -> hash(abs)).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(new HopscotchException("cannot publish " + path + ": " + ar.cause().getMessage(), ar.cause()));
      }
      Hashed h = ar.result();
      ContentInfo info;
      try {
        info = new ContentInfo(h.id(), name, h.size(), name(), new byte[0]);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new HopscotchException("cannot publish " + path + ": " + e.getMessage(), e));
      }
      if (closed) {
        return Future.failedFuture(new HopscotchException("direct transfer is closed"));
      }
      published.put(h.id(), new Published(abs, h.size(), name));
      ctx.stats().increment("direct.published");
      return announce(h.id()).map(v -> info);
    });
  }

  private record Hashed(Key id, long size) {
  }

  /** The SHA-1 and size of a file, read in 64 KiB steps. */
  private static Hashed hash(Path file) throws IOException {
    MessageDigest md = Key.sha1Digest();
    long size = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) >= 0) {
        buf.flip();
        size += buf.remaining();
        md.update(buf);
        buf.clear();
      }
    }
    return new Hashed(Key.fromBytes(md.digest()), size);
  }

  private Future<Void> announce(Key id) {
    Published p = published.get(id);
    if (reannounce == null && !closed) {
      long period = Math.max(1, options.announceTtlMillis() / 2);
      reannounce = ctx.timers().periodic(period, period / 10, this::reannounceAll);
    }
    byte[] value = new HolderDescriptor(ctx.self(), p.size(), p.name()).encode();
    return ctx.overlay().put(id, value, Record.keywordsOf(p.name()), options.announceTtlMillis());
  }

  private void reannounceAll() {
    for (Key id : List.copyOf(published.keySet())) {
      announce(id).onFailure(e -> LOG.warn("re-announcing {} failed: {}", id, e.getMessage()));
    }
  }

  /**
   * Finds the holders of {@code info} through the overlay, probes them, downloads from the best one into
   * {@code directory} (continuing from the next best if one fails), verifies the SHA-1 and announces
   * this node as a holder. Fails with the reason if no holder is known, none works, or the hash differs.
   */
  @Override
  public Future<Path> fetch(ContentInfo info, Path directory, Consumer<TransferProgress> progress) {
    return fetch(info, directory, progress, Promise.<Void>promise().future());
  }

  /**
   * As {@link #fetch(ContentInfo, Path, Consumer)}; when {@code cancelled} completes the download stops
   * requesting chunks, deletes its partial file (content this small is fetched again whole) and fails
   * with {@link FetchCancelledException}.
   */
  @Override
  public Future<Path> fetch(ContentInfo info, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("direct transfer is closed"));
    }
    if (!name().equals(info.transfer())) {
      return Future.failedFuture(new HopscotchException("content " + info.name() + " is served by transfer '" + info.transfer()
          + "', not '" + name() + "'"));
    }
    Published mine = published.get(info.id());
    if (mine != null) {
      return prepare(directory).compose(v -> copyLocal(mine, directory.resolve(info.name())));
    }
    return prepare(directory).compose(v -> ctx.overlay().get(info.id()))
        .compose(records -> download(info, directory, holdersOf(info, records), progress, cancelled));
  }

  /**
   * Fetches content known only by its SHA-1: the holders' announcements under {@code id} give its name
   * and size (where they disagree, the version most holders announce wins; the SHA-1 check catches a
   * lie), then it downloads as {@link #fetch(ContentInfo, Path, Consumer, Future)} does.
   *
   * @return fails with {@link ContentNotFoundException} if no holder announces {@code id}
   */
  @Override
  public Future<Path> fetch(Key id, Path directory, Consumer<TransferProgress> progress, Future<Void> cancelled) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("direct transfer is closed"));
    }
    Published mine = published.get(id);
    if (mine != null) {
      return prepare(directory).compose(v -> copyLocal(mine, directory.resolve(mine.name())));
    }
    return prepare(directory).compose(v -> ctx.overlay().get(id)).compose(records -> {
      ContentInfo info = describedBy(id, records);
      if (info == null) {
        return Future.failedFuture(new ContentNotFoundException("no holder of content " + id.toHex()
            + " announces it for the direct transfer in the overlay"));
      }
      return download(info, directory, holdersOf(info, records), progress, cancelled);
    });
  }

  private static Future<Void> prepare(Path directory) {
    try {
      Files.createDirectories(directory);
      return Future.succeededFuture();
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot create " + directory + ": " + e.getMessage(), e));
    }
  }

  /** The content the most holders (other than this node) announce under {@code id}, or null if none. */
  private ContentInfo describedBy(Key id, List<Record> records) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    Map<String, ContentInfo> byNameAndSize = new LinkedHashMap<>();
    for (Record r : records) {
      try {
        HolderDescriptor d = HolderDescriptor.decode(r.value());
        if (d.peer().id().equals(ctx.self().id()) || !d.peer().id().equals(r.publisher())) {
          continue;
        }
        String version = d.size() + "/" + d.name();
        byNameAndSize.computeIfAbsent(version, k -> new ContentInfo(id, d.name(), d.size(), name(), null));
        votes.merge(version, 1, Integer::sum);
      } catch (RuntimeException e) {
        // a swarm announcement under the same key, or a malformed or misnamed descriptor
        LOG.debug("ignoring a record under {} that is no usable holder descriptor: {}", id, e.getMessage());
      }
    }
    ContentInfo best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : votes.entrySet()) {
      if (e.getValue() > most) {
        best = byNameAndSize.get(e.getKey());
        most = e.getValue();
      }
    }
    return best;
  }

  private Future<Path> download(ContentInfo info, Path directory, List<Peer> holders, Consumer<TransferProgress> progress,
                                Future<Void> cancelled) {
    if (holders.isEmpty()) {
      return Future.failedFuture(new HopscotchException("no holder of " + info.name() + " (" + info.id() + ") is known to the overlay"));
    }
    return rank(holders, info.size()).compose(ranked -> {
      if (cancelled.isComplete()) {
        return Future.failedFuture(cancellation(info));
      }
      if (ranked.isEmpty()) {
        return Future.failedFuture(new HopscotchException("none of the " + holders.size() + " holders of " + info.name()
            + " answered a probe: " + holders));
      }
      Download d;
      try {
        d = new Download(ctx, info, directory, ranked, progress, options.chunkBytes(), options.window());
      } catch (IOException e) {
        return Future.failedFuture(new HopscotchException("cannot create a temporary file in " + directory + ": " + e.getMessage(), e));
      }
      running.add(d);
      cancelled.onSuccess(v -> d.fail(cancellation(info)));
      return d.start().onComplete(ar -> running.remove(d)).onSuccess(path -> {
        published.put(info.id(), new Published(path.toAbsolutePath(), info.size(), info.name()));
        announce(info.id()).onFailure(e -> LOG.warn("announcing fetched {} failed: {}", info.id(), e.getMessage()));
      });
    });
  }

  private static FetchCancelledException cancellation(ContentInfo info) {
    return new FetchCancelledException("fetch of " + info.name() + " (" + info.id().toHex() + ") was cancelled");
  }

  private Future<Path> copyLocal(Published mine, Path target) {
    try {
      if (!Files.exists(target) || !Files.isSameFile(mine.path(), target)) {
        Files.copy(mine.path(), target, StandardCopyOption.REPLACE_EXISTING);
      }
      return Future.succeededFuture(target);
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot copy " + mine.path() + " to " + target + ": " + e.getMessage(), e));
    }
  }

  /** Distinct holders other than this node whose announcement matches the content's size. */
  private List<Peer> holdersOf(ContentInfo info, List<Record> records) {
    Map<Key, Peer> out = new LinkedHashMap<>();
    for (Record r : records) {
      try {
        HolderDescriptor d = HolderDescriptor.decode(r.value());
        if (d.size() != info.size()) {
          LOG.debug("ignoring holder {} of {}: announced size {} but the content has {}", d.peer(), info.id(), d.size(), info.size());
          continue;
        }
        if (!d.peer().id().equals(ctx.self().id()) && d.peer().id().equals(r.publisher())) {
          out.putIfAbsent(d.peer().id(), d.peer());
        }
      } catch (RuntimeException e) {
        LOG.debug("ignoring a malformed holder announcement for {}: {}", info.id(), e.getMessage());
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Probes up to {@link #MAX_PROBED} holders and orders those that answered by expected download time. */
  private Future<List<Peer>> rank(List<Peer> holders, long size) {
    List<Peer> candidates = new ArrayList<>(holders);
    if (candidates.size() > MAX_PROBED) {
      Collections.shuffle(candidates, ctx.random());
      candidates = candidates.subList(0, MAX_PROBED);
    }
    List<Future<ProbeResult>> probes = new ArrayList<>();
    for (Peer p : candidates) {
      probes.add(ctx.probe(p, options.probeBytes()).recover(e -> {
        LOG.debug("probe of {} failed: {}", p, e.getMessage());
        return Future.succeededFuture(null);
      }));
    }
    return Future.join(probes).transform(ignored -> {
      List<ProbeResult> ok = new ArrayList<>();
      probes.forEach(f -> {
        if (f.result() != null) {
          ok.add(f.result());
        }
      });
      ok.sort(Comparator.comparingDouble((ProbeResult r) -> r.expectedNanos(size)).thenComparing(r -> r.peer().id()));
      return Future.succeededFuture(ok.stream().map(ProbeResult::peer).toList());
    });
  }

  @Override
  public void onMessage(Peer from, Message message) {
    LOG.debug("ignoring one-way {} from {}", message.type(), from);
  }

  /** Serves chunk requests for content this node holds. */
  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (!(request instanceof DirectMessages.ChunkRequest r)) {
      return Future.failedFuture(new HopscotchException("direct transfer does not answer " + request.type()));
    }
    Published p = published.get(r.content());
    if (p == null) {
      return Future.failedFuture(new HopscotchException("content " + r.content() + " is not held here"));
    }
    if (r.offset() > p.size() || r.length() > p.size() - r.offset()) {
      return Future.failedFuture(new HopscotchException("chunk " + r.offset() + "+" + r.length() + " lies outside "
          + p.name() + " (" + p.size() + " bytes)"));
    }
    byte[] data = new byte[r.length()];
    try (FileChannel ch = FileChannel.open(p.path(), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      long pos = r.offset();
      while (b.hasRemaining()) {
        int n = ch.read(b, pos);
        if (n < 0) {
          return Future.failedFuture(new HopscotchException(p.path() + " is shorter than when it was published"));
        }
        pos += n;
      }
    } catch (IOException e) {
      return Future.failedFuture(new HopscotchException("cannot read " + p.path() + ": " + e.getMessage()));
    }
    ctx.stats().add("direct.bytes_served", data.length);
    return Future.succeededFuture(new DirectMessages.ChunkResponse(r.content(), r.offset(), data));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (reannounce != null) {
      reannounce.cancel();
      reannounce = null;
    }
    for (Download d : List.copyOf(running)) {
      d.fail(new HopscotchException("node closed during the download"));
    }
    running.clear();
  }

  /** Content ids this node serves. */
  public Set<Key> publishedIds() {
    return Set.copyOf(published.keySet());
  }
}
