package io.hopscotch.core.impl;

import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.RoutingStrategyProvider;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.core.spi.TransferStrategy;
import io.hopscotch.core.spi.TransferStrategyProvider;
import java.util.List;
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

  /** A new transfer strategy called {@code name}, or null if {@code name} is {@code "none"}. */
  public static TransferStrategy newTransfer(String name, StrategyOptions options) {
    return "none".equals(name) ? null : transfer(name).create(options);
  }
}
