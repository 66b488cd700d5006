package io.hopscotch.core.impl;

import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.spi.TransferStrategyProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** Finds strategy providers on the class path by name. */
public final class Strategies {

  /** Every routing name of the project, built or not, so a missing module gets a precise message. */
  public static final List<String> ROUTING_NAMES = List.of("central", "chord", "pastry", "kelips", "flooding", "supernode");

  private Strategies() {
  }

  /** Routing names whose provider is on the class path. */
  public static Set<String> availableRouting() {
    Set<String> names = new TreeSet<>();
    ServiceLoader.load(RoutingStrategyProvider.class).forEach(p -> names.add(p.name()));
    return names;
  }

  /** Transfer names whose provider is on the class path. */
  public static Set<String> availableTransfer() {
    Set<String> names = new TreeSet<>();
    ServiceLoader.load(TransferStrategyProvider.class).forEach(p -> names.add(p.name()));
    return names;
  }

  /**
   * The routing provider called {@code name}.
   *
   * @throws IllegalArgumentException if there is none, saying whether the name is unknown or not built yet
   */
  public static RoutingStrategyProvider routing(String name) {
    for (RoutingStrategyProvider p : ServiceLoader.load(RoutingStrategyProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    if (ROUTING_NAMES.contains(name)) {
      throw new IllegalArgumentException("routing '" + name + "' is not built yet (or its module is not on the class path); available: " + availableRouting());
    }
    throw new IllegalArgumentException("unknown routing '" + name + "'; available: " + availableRouting());
  }

  /** A new routing strategy called {@code name} with {@code options}. */
  public static RoutingStrategy newRouting(String name, StrategyOptions options) {
    return routing(name).create(options);
  }

  /**
   * The transfer provider called {@code name}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static TransferStrategyProvider transfer(String name) {
    for (TransferStrategyProvider p : ServiceLoader.load(TransferStrategyProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown transfer '" + name + "'; available: " + availableTransfer());
  }

  /**
   * The transfer strategy a node's options name, or null for none. {@value NodeOptions#AUTO_TRANSFER}
   * gives a {@link SizeRoutedTransfer} of {@value NodeOptions#SMALL_TRANSFER} and
   * {@value NodeOptions#LARGE_TRANSFER} when both are on the class path, the one present when only one
   * is, and null when neither is (the node then refuses publish and fetch with a clear message).
   * Any other name is made as {@link #newTransfer(String, StrategyOptions)} makes it.
   *
   * @throws IllegalArgumentException if the name is unknown or an option invalid
   */
  public static TransferStrategy newTransfer(NodeOptions options) {
    String name = options.getTransfer();
    if (!NodeOptions.AUTO_TRANSFER.equals(name)) {
      return newTransfer(name, StrategyOptions.of(options.getTransferOptions()));
    }
    Set<String> available = availableTransfer();
    Map<String, String> all = options.getTransferOptions();
    boolean small = available.contains(NodeOptions.SMALL_TRANSFER);
    boolean large = available.contains(NodeOptions.LARGE_TRANSFER);
    if (!small && !large) {
      return null;
    }
    TransferStrategy s = small ? transfer(NodeOptions.SMALL_TRANSFER).create(autoOptions(NodeOptions.SMALL_TRANSFER, all)) : null;
    TransferStrategy l = large ? transfer(NodeOptions.LARGE_TRANSFER).create(autoOptions(NodeOptions.LARGE_TRANSFER, all)) : null;
    if (s != null && l != null) {
      return new SizeRoutedTransfer(s, l, options.getSwarmThresholdBytes());
    }
    return s != null ? s : l;
  }

  /**
   * The options of transfer {@value NodeOptions#AUTO_TRANSFER} meant for {@code strategy}: those named
   * {@code strategy.NAME}, without the prefix.
   *
   * @throws IllegalArgumentException if an option carries neither prefix of the two strategies
   */
  public static StrategyOptions autoOptions(String strategy, Map<String, String> options) {
    Map<String, String> mine = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(strategy + ".")) {
        mine.put(k.substring(strategy.length() + 1), e.getValue());
      } else if (!k.startsWith(NodeOptions.SMALL_TRANSFER + ".") && !k.startsWith(NodeOptions.LARGE_TRANSFER + ".")) {
        throw new IllegalArgumentException("transfer '" + NodeOptions.AUTO_TRANSFER + "' takes options prefixed by the transfer they "
            + "are for ('" + NodeOptions.SMALL_TRANSFER + ".' or '" + NodeOptions.LARGE_TRANSFER + ".'), got '" + k + "'");
      }
    }
    return StrategyOptions.of(mine);
  }

  /** A new transfer strategy called {@code name}, or null if {@code name} is {@code "none"}. */
  public static TransferStrategy newTransfer(String name, StrategyOptions options) {
    return "none".equals(name) ? null : transfer(name).create(options);
  }
}
