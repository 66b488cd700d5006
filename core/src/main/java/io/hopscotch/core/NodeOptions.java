package io.hopscotch.core;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link Node}, in the Vert.x options style: a mutable data object with fluent setters
 * that validate their argument and fail with a clear message. Defaults suit a loopback test.
 */
public final class NodeOptions {

  /** Default routing strategy name. */
  public static final String DEFAULT_ROUTING = "central";
  /**
   * Default transfer strategy name: {@value #AUTO_TRANSFER}, the direct transfer for small content and
   * the swarm for large content (see {@link #getSwarmThresholdBytes()}).
   */
  public static final String DEFAULT_TRANSFER = "auto";
  /**
   * The transfer name that picks by size: a file below {@link #getSwarmThresholdBytes()} is published
   * through {@value #SMALL_TRANSFER}, a bigger one or a directory through {@value #LARGE_TRANSFER}
   * (when that module is on the class path); a fetch goes by {@link ContentInfo#transfer()}. Its
   * options are those of the two strategies, each prefixed by its name, e.g. {@code direct.window}
   * or {@code swarm.port}.
   */
  public static final String AUTO_TRANSFER = "auto";
  /** The transfer {@value #AUTO_TRANSFER} uses for small content: the direct best-host download. */
  public static final String SMALL_TRANSFER = "direct";
  /** The transfer {@value #AUTO_TRANSFER} uses for large content: the BitTorrent-style swarm. */
  public static final String LARGE_TRANSFER = "swarm";
  /**
   * Default size from which {@value #AUTO_TRANSFER} publishes by swarm: 4 MiB. On loopback neither
   * transfer was measured clearly faster between 256 KiB and 64 MiB (docs/experiments/swarm.md,
   * section 4), so the size is set by resources (no swarm port or state for small content) and by
   * what the swarm adds for large content (shared upload, per-piece verification, resumption).
   */
  public static final long DEFAULT_SWARM_THRESHOLD_BYTES = 4L * 1024 * 1024;

  private String host = "127.0.0.1";
  private int port = 0;
  private String routing = DEFAULT_ROUTING;
  private Map<String, String> routingOptions = new LinkedHashMap<>();
  private String transfer = DEFAULT_TRANSFER;
  private Map<String, String> transferOptions = new LinkedHashMap<>();
  private long swarmThresholdBytes = DEFAULT_SWARM_THRESHOLD_BYTES;
  private Identity identity;
  private Path identityFile;
  private List<Address> bootstrap = new ArrayList<>();
  private Duration joinTimeout = Duration.ofSeconds(30);
  private Duration requestTimeout = Duration.ofSeconds(10);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration idleTimeout = Duration.ofSeconds(60);
  private Duration recordTtl = Duration.ofHours(24);
  private Duration probeCacheTtl = Duration.ofSeconds(60);
  private int maxFrameBytes = 4 * 1024 * 1024;
  private int maxValueBytes = 64 * 1024;
  private int maxRecords = 1_000_000;
  private long maxStoreBytes = 1L << 30;
  private int maxConnections = 4096;
  private boolean firewalled;
  private Long seed;
  private Vertx vertx;

  /** Defaults. */
  public NodeOptions() {
  }

  /** A copy of {@code other}. */
  public NodeOptions(NodeOptions other) {
    host = other.host;
    port = other.port;
    routing = other.routing;
    routingOptions = new LinkedHashMap<>(other.routingOptions);
    transfer = other.transfer;
    transferOptions = new LinkedHashMap<>(other.transferOptions);
    swarmThresholdBytes = other.swarmThresholdBytes;
    identity = other.identity;
    identityFile = other.identityFile;
    bootstrap = new ArrayList<>(other.bootstrap);
    joinTimeout = other.joinTimeout;
    requestTimeout = other.requestTimeout;
    connectTimeout = other.connectTimeout;
    idleTimeout = other.idleTimeout;
    recordTtl = other.recordTtl;
    probeCacheTtl = other.probeCacheTtl;
    maxFrameBytes = other.maxFrameBytes;
    maxValueBytes = other.maxValueBytes;
    maxRecords = other.maxRecords;
    maxStoreBytes = other.maxStoreBytes;
    maxConnections = other.maxConnections;
    firewalled = other.firewalled;
    seed = other.seed;
    vertx = other.vertx;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  private static int atLeast(String name, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /** Interface to listen on and to advertise; default {@code 127.0.0.1}. */
  public String getHost() {
    return host;
  }

  /** Sets the host. */
  public NodeOptions setHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    this.host = host;
    return this;
  }

  /** TCP port; 0 (the default) picks a free one. */
  public int getPort() {
    return port;
  }

  /** Sets the port, 0..65535. */
  public NodeOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    this.port = port;
    return this;
  }

  /** Routing strategy name; default {@value #DEFAULT_ROUTING}. */
  public String getRouting() {
    return routing;
  }

  /** Sets the routing strategy name (checked when the node is created). */
  public NodeOptions setRouting(String routing) {
    Objects.requireNonNull(routing, "routing");
    this.routing = routing.trim();
    return this;
  }

  /** Strategy-specific routing options. */
  public Map<String, String> getRoutingOptions() {
    return routingOptions;
  }

  /** Sets one routing option. */
  public NodeOptions setRoutingOption(String name, String value) {
    routingOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Replaces all routing options. */
  public NodeOptions setRoutingOptions(Map<String, String> options) {
    this.routingOptions = new LinkedHashMap<>(options);
    return this;
  }

  /** Transfer strategy name; default {@value #DEFAULT_TRANSFER}. */
  public String getTransfer() {
    return transfer;
  }

  /** Sets the transfer strategy name. */
  public NodeOptions setTransfer(String transfer) {
    this.transfer = Objects.requireNonNull(transfer, "transfer").trim();
    return this;
  }

  /** Strategy-specific transfer options. */
  public Map<String, String> getTransferOptions() {
    return transferOptions;
  }

  /** Sets one transfer option. */
  public NodeOptions setTransferOption(String name, String value) {
    transferOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * With transfer {@value #AUTO_TRANSFER}: files of at least this many bytes (and directories) are
   * published by swarm, smaller ones directly; default {@value #DEFAULT_SWARM_THRESHOLD_BYTES}.
   * Ignored by any other transfer.
   */
  public long getSwarmThresholdBytes() {
    return swarmThresholdBytes;
  }

  /** Sets the swarm threshold in bytes, at least 0 (0: everything goes by swarm). */
  public NodeOptions setSwarmThresholdBytes(long swarmThresholdBytes) {
    if (swarmThresholdBytes < 0) {
      throw new IllegalArgumentException("swarmThresholdBytes must be >= 0, got " + swarmThresholdBytes);
    }
    this.swarmThresholdBytes = swarmThresholdBytes;
    return this;
  }

  /** The identity, or null to load {@link #getIdentityFile()} or generate a fresh one. */
  public Identity getIdentity() {
    return identity;
  }

  /** Sets the identity. */
  public NodeOptions setIdentity(Identity identity) {
    this.identity = identity;
    return this;
  }

  /** File holding the identity; created if missing. Ignored when an identity is set. */
  public Path getIdentityFile() {
    return identityFile;
  }

  /** Sets the identity file. */
  public NodeOptions setIdentityFile(Path identityFile) {
    this.identityFile = identityFile;
    return this;
  }

  /** Bootstrap addresses {@code join()} uses when given none. */
  public List<Address> getBootstrap() {
    return bootstrap;
  }

  /** Sets the bootstrap addresses. */
  public NodeOptions setBootstrap(List<Address> bootstrap) {
    this.bootstrap = new ArrayList<>(Objects.requireNonNull(bootstrap, "bootstrap"));
    return this;
  }

  /** Adds a bootstrap address. */
  public NodeOptions addBootstrap(Address address) {
    bootstrap.add(Objects.requireNonNull(address, "address"));
    return this;
  }

  /** How long {@code join} may take before it fails; default 30 s. */
  public Duration getJoinTimeout() {
    return joinTimeout;
  }

  /** Sets the join timeout. */
  public NodeOptions setJoinTimeout(Duration joinTimeout) {
    this.joinTimeout = positive("joinTimeout", joinTimeout);
    return this;
  }

  /** Default timeout of one request, connection set-up included; default 10 s. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets the request timeout. */
  public NodeOptions setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = positive("requestTimeout", requestTimeout);
    return this;
  }

  /** TCP connect plus TLS handshake timeout; default 10 s (a cold JVM on a loaded machine can take seconds for its first handshake). */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout. */
  public NodeOptions setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = positive("connectTimeout", connectTimeout);
    return this;
  }

  /** A connection unused this long is closed; default 60 s. */
  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /** Sets the idle timeout. */
  public NodeOptions setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = positive("idleTimeout", idleTimeout);
    return this;
  }

  /** Default lifetime of a put record; default 24 h. */
  public Duration getRecordTtl() {
    return recordTtl;
  }

  /** Sets the default record lifetime. */
  public NodeOptions setRecordTtl(Duration recordTtl) {
    this.recordTtl = positive("recordTtl", recordTtl);
    return this;
  }

  /** How long a peer's probe result (RTT, bandwidth) is reused before it is measured again; default 60 s. */
  public Duration getProbeCacheTtl() {
    return probeCacheTtl;
  }

  /** Sets the probe cache lifetime; zero disables the cache. */
  public NodeOptions setProbeCacheTtl(Duration probeCacheTtl) {
    java.util.Objects.requireNonNull(probeCacheTtl, "probeCacheTtl");
    if (probeCacheTtl.isNegative()) {
      throw new IllegalArgumentException("probeCacheTtl must not be negative, got " + probeCacheTtl);
    }
    this.probeCacheTtl = probeCacheTtl;
    return this;
  }

  /** Largest frame accepted or sent, in bytes; a bigger incoming frame closes the connection. Default 4 MiB. */
  public int getMaxFrameBytes() {
    return maxFrameBytes;
  }

  /** Sets the frame limit, at least 1 KiB. */
  public NodeOptions setMaxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = atLeast("maxFrameBytes", maxFrameBytes, 1024);
    return this;
  }

  /** Largest record value, in bytes; default 64 KiB. Bigger content goes through a transfer strategy. */
  public int getMaxValueBytes() {
    return maxValueBytes;
  }

  /** Sets the value limit. */
  public NodeOptions setMaxValueBytes(int maxValueBytes) {
    this.maxValueBytes = atLeast("maxValueBytes", maxValueBytes, 0);
    if (maxValueBytes > Record.MAX_VALUE_BYTES_CEILING) {
      throw new IllegalArgumentException("maxValueBytes must be at most " + Record.MAX_VALUE_BYTES_CEILING + ", got " + maxValueBytes);
    }
    return this;
  }

  /** Most records the local store holds; default 1,000,000. */
  public int getMaxRecords() {
    return maxRecords;
  }

  /** Sets the record limit. */
  public NodeOptions setMaxRecords(int maxRecords) {
    this.maxRecords = atLeast("maxRecords", maxRecords, 1);
    return this;
  }

  /** Most value bytes the local store holds; default 1 GiB. */
  public long getMaxStoreBytes() {
    return maxStoreBytes;
  }

  /** Sets the store byte limit. */
  public NodeOptions setMaxStoreBytes(long maxStoreBytes) {
    if (maxStoreBytes < 1) {
      throw new IllegalArgumentException("maxStoreBytes must be positive, got " + maxStoreBytes);
    }
    this.maxStoreBytes = maxStoreBytes;
    return this;
  }

  /** Most open connections; beyond it new inbound ones are refused. Default 4096. */
  public int getMaxConnections() {
    return maxConnections;
  }

  /** Sets the connection limit. */
  public NodeOptions setMaxConnections(int maxConnections) {
    this.maxConnections = atLeast("maxConnections", maxConnections, 1);
    return this;
  }

  /** True if this node accepts no inbound connections (it still connects out). */
  public boolean isFirewalled() {
    return firewalled;
  }

  /** Sets whether the node is firewalled. */
  public NodeOptions setFirewalled(boolean firewalled) {
    this.firewalled = firewalled;
    return this;
  }

  /** Seed of the node's random source, or null for a random seed. */
  public Long getSeed() {
    return seed;
  }

  /** Sets the seed. */
  public NodeOptions setSeed(Long seed) {
    this.seed = seed;
    return this;
  }

  /** A Vert.x instance to share between nodes (the node then does not close it), or null for its own. */
  public Vertx getVertx() {
    return vertx;
  }

  /** Sets a shared Vert.x instance. */
  public NodeOptions setVertx(Vertx vertx) {
    this.vertx = vertx;
    return this;
  }
}
