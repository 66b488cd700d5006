package io.hopscotch.core.sim;

import io.hopscotch.core.Address;
import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Download;
import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.Peer;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.Stats;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.impl.NodeEngine;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One incarnation of a node inside a {@link Simulation}: the {@link Node} facade of its
 * {@link NodeEngine}. Futures it returns complete only while the simulation runs events, so wait for
 * them with {@link Simulation#await} (never with {@code Future.await()} or a blocking call). Use it
 * only from the thread that drives the simulation.
 *
 * <p>{@link #close()} stops the node like a graceful departure: call {@link #leave()} first (and let
 * the simulation run) if the strategy should hand over its data; close itself sends nothing. After a
 * {@link Simulation#restart restart} the new incarnation is a different {@code SimNode} with the same index.
 */
public final class SimNode implements Node {

  private final Simulation simulation;
  private final SimRuntime runtime;
  private final NodeEngine engine;
  private final Simulation.Recipe recipe;

  SimNode(Simulation simulation, SimRuntime runtime, NodeEngine engine, Simulation.Recipe recipe) {
    this.simulation = simulation;
    this.runtime = runtime;
    this.engine = engine;
    this.recipe = recipe;
  }

  Simulation.Recipe recipe() {
    return recipe;
  }

  /** The node's index in its simulation: 0 for the first node added, and so on. */
  public int index() {
    return runtime.index();
  }

  /** True until this incarnation crashes or closes. */
  public boolean isAlive() {
    return runtime.isAlive();
  }

  /** The engine (strategies, store, registry) behind this node. */
  public NodeEngine engine() {
    return engine;
  }

  /** The simulation this node belongs to. */
  public Simulation simulation() {
    return simulation;
  }

  /** The node's address, {@code sim-<index>:1}. */
  public Address address() {
    return runtime.peer().address();
  }

  /** How many times this index was restarted before this incarnation (0 for the first). */
  public int incarnation() {
    return runtime.incarnation();
  }

  SimRuntime runtime() {
    return runtime;
  }

  /** Already started by {@link Simulation#addNode}; completes with this node. */
  @Override
  public Future<Node> start() {
    return engine.start().map(n -> this);
  }

  @Override
  public Future<Void> join() {
    return engine.join();
  }

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    return engine.join(bootstrap);
  }

  @Override
  public Future<Void> put(Key key, byte[] value, PutOptions options) {
    return engine.put(key, value, options);
  }

  @Override
  public Future<GetResult> get(Key key) {
    return engine.get(key);
  }

  @Override
  public Future<Void> remove(Key key) {
    return engine.remove(key);
  }

  @Override
  public Future<List<SearchHit>> search(String query, int limit, Duration timeout) {
    return engine.search(query, limit, timeout);
  }

  @Override
  public Future<ContentInfo> publish(Path path) {
    return engine.publish(path);
  }

  @Override
  public Future<Path> fetch(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
    return engine.fetch(content, directory, progress);
  }

  @Override
  public Download download(ContentInfo content, Path directory, Consumer<TransferProgress> progress) {
    return engine.download(content, directory, progress);
  }

  @Override
  public Download download(Key contentId, Path directory, Consumer<TransferProgress> progress) {
    return engine.download(contentId, directory, progress);
  }

  @Override
  public Future<Void> leave() {
    return engine.leave();
  }

  /** Stops this node: strategies close (sending nothing), timers stop, the network treats it as down. */
  @Override
  public Future<Void> close() {
    runtime.kill();
    return engine.close();
  }

  @Override
  public Peer self() {
    return engine.self();
  }

  @Override
  public Stats stats() {
    return engine.stats();
  }

  @Override
  public int stateSize() {
    return engine.stateSize();
  }

  @Override
  public int storedRecords() {
    return engine.storedRecords();
  }

  @Override
  public String routing() {
    return engine.routing();
  }

  @Override
  public String toString() {
    return "SimNode[" + index() + (isAlive() ? "" : " down") + " " + engine.self().id() + "]";
  }
}
