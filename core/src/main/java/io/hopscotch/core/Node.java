package io.hopscotch.core;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Hopscotch node: the one facade an application uses.
 *
 * <pre>{@code
 * Node node = Node.create(new NodeOptions().setRouting("central").addBootstrap(Address.parse("10.0.0.5:7000")));
 * node.start().compose(n -> n.join()).await();
 * node.put("greeting", "hello".getBytes(UTF_8)).await();
 * String v = node.get("greeting").await().valueAsString().orElse("?");
 * node.close().await();
 * }</pre>
 *
 * <p>Every operation is asynchronous and returns a Vert.x {@link Future}; it may be called from any
 * thread. Failures carry a {@link HopscotchException} subclass with a precise message.
 */
public interface Node {

  /**
   * A node on real networking (Vert.x, TLS 1.3 with mutual authentication). Not started yet.
   *
   * @throws IllegalArgumentException if the routing or transfer name is unknown or an option is invalid
   */
  static Node create(NodeOptions options) {
    return io.hopscotch.core.net.NetworkNode.create(options);
  }

  /** Binds the port (unless firewalled) and readies the strategies. Completes with this node. */
  Future<Node> start();

  /** Joins through the bootstrap addresses of the options (none: starts a new overlay). */
  Future<Void> join();

  /**
   * Joins through {@code bootstrap}. Fails within the join timeout with a message naming the addresses
   * if none answers.
   */
  Future<Void> join(List<Address> bootstrap);

  /** Stores {@code value} under SHA-1({@code key}) with default options. */
  default Future<Void> put(String key, byte[] value) {
    return put(Key.sha1(key), value, new PutOptions());
  }

  /** Stores {@code value} under SHA-1({@code key}). */
  default Future<Void> put(String key, byte[] value, PutOptions options) {
    return put(Key.sha1(key), value, options);
  }

  /**
   * Signs and stores {@code value} under {@code key}, replacing this node's earlier value there.
   * Fails if the value exceeds the node's {@code maxValueBytes}.
   */
  Future<Void> put(Key key, byte[] value, PutOptions options);

  /** Looks up SHA-1({@code key}). */
  default Future<GetResult> get(String key) {
    return get(Key.sha1(key));
  }

  /** Finds every live record under {@code key}; a key nobody stored gives an empty result. */
  Future<GetResult> get(Key key);

  /** Removes this node's value under SHA-1({@code key}). */
  default Future<Void> remove(String key) {
    return remove(Key.sha1(key));
  }

  /** Removes this node's value under {@code key} (stores a signed tombstone). */
  Future<Void> remove(Key key);

  /** Keyword search: items carrying every word of {@code query}, up to 100 hits, within the request timeout. */
  default Future<List<SearchHit>> search(String query) {
    return search(query, 100, null);
  }

  /**
   * Keyword search.
   *
   * @param query words, all of which must match
   * @param limit most hits wanted
   * @param timeout how long to gather hits, or null for the request timeout
   */
  Future<List<SearchHit>> search(String query, int limit, java.time.Duration timeout);

  /**
   * Makes the file, or the directory with every regular file below it, at {@code path} available for
   * others to fetch; returns what they need. Under the default transfer {@code auto} a directory, like
   * a large file, goes by swarm (multi-file content); a transfer that cannot carry directories fails.
   */
  Future<ContentInfo> publish(Path path);

  /** Downloads published content into {@code directory}, verified; returns the file's path (or top directory). */
  default Future<Path> fetch(ContentInfo content, Path directory) {
    return fetch(content, directory, p -> { });
  }

  /** Downloads published content, reporting progress. */
  Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress);

  /**
   * Downloads content known only by its id into {@code directory}; see {@link #download(Key, Path, Consumer)}.
   * Completes with the verified file's path.
   */
  default Future<Path> fetch(Key contentId, Path directory) {
    return download(contentId, directory, p -> { }).result();
  }

  /**
   * Starts downloading published content into {@code directory}, verified, and returns a handle that
   * reports progress and can {@link Download#cancel() cancel}. A swarm download resumes from the
   * verified pieces already in {@code directory}.
   *
   * @param progress receives progress events (bytes, rate in bytes per second, peers, pieces) on the
   *     node's event loop; may be a no-op
   * @throws NullPointerException if an argument is null
   */
  Download download(ContentInfo content, Path directory, Consumer<TransferProgress> progress);

  /**
   * Starts downloading content known only by its id: the info-hash of swarm content (the overlay gives
   * the peers announced under it, and the info dictionary comes from them, BEP 9), or the SHA-1 of
   * content published with the direct transfer (the overlay gives its holders, their announcement its
   * name and size). The node's transfer decides: the default {@code auto} asks the direct transfer
   * first, then the swarm. The download then proceeds as {@link #download(ContentInfo, Path, Consumer)}.
   * Its result fails with {@link ContentNotFoundException} if no peer announces the id when the
   * download starts; once a swarm download has found peers it keeps looking for more until it
   * completes or is cancelled.
   *
   * @param contentId the info-hash or the content SHA-1, 160 bits
   * @param progress receives progress events on the node's event loop; may be a no-op
   * @throws NullPointerException if an argument is null
   */
  Download download(Key contentId, Path directory, Consumer<TransferProgress> progress);

  /** Leaves the overlay gracefully, handing over what others need. The node can then be closed. */
  Future<Void> leave();

  /** Closes everything the node opened: sockets, timers, threads. Idempotent. */
  Future<Void> close();

  /** This node's id and address (the address is known once started). */
  Peer self();

  /** This node's id. */
  default Key id() {
    return self().id();
  }

  /** A snapshot of this node's counters. */
  Stats stats();

  /** Number of routing-state entries held now. */
  int stateSize();

  /** Number of records in the local store. */
  int storedRecords();

  /** The routing strategy name. */
  String routing();
}
