package io.hopscotch.core;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * A running fetch, as {@link Node#download(ContentInfo, Path, java.util.function.Consumer)} and
 * {@link Node#download(Key, Path, java.util.function.Consumer)} return it: its result, its latest
 * progress, and a way to stop it.
 *
 * <pre>{@code
 * Download d = node.download(infoHash, Path.of("downloads"), p -> bar.show(p.fraction()));
 * ...
 * d.cancel();   // d.result() fails with FetchCancelledException; a later download of the same id resumes
 * }</pre>
 *
 * <p>Every method may be called from any thread.
 */
public interface Download {

  /** The id of the content being fetched (the info-hash for the swarm, the content's SHA-1 for the direct transfer). */
  Key content();

  /**
   * Completes with the path of the verified file (or the top directory of multi-file content). Fails
   * with {@link FetchCancelledException} once {@link #cancel() cancelled}, with
   * {@link ContentNotFoundException} if no peer announces the content, or with a
   * {@link HopscotchException} naming the reason for any other failure.
   */
  Future<Path> result();

  /** The latest progress event (bytes, rate, peers, pieces), or null before the first one. */
  TransferProgress progress();

  /**
   * Cancels the fetch: it stops requesting, closes the connections it opened, keeps on disk what it has
   * verified where its transfer can resume from it (the swarm does; the direct transfer deletes its
   * partial file), and {@link #result()} fails with {@link FetchCancelledException}. Idempotent; a
   * fetch that has already ended is left as it is.
   *
   * @return completes once the cancellation has taken effect on the node's event loop (or at once if
   *     the fetch had already ended); never fails
   */
  Future<Void> cancel();

  /** True once {@link #cancel()} took effect before the fetch ended. */
  boolean isCancelled();
}
