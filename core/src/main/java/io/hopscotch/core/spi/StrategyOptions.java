package io.hopscotch.core.spi;

import io.hopscotch.core.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strategy-specific settings as name → text, with typed getters that fail with a clear message.
 * A strategy calls {@link #requireOnly} with the names it knows, so a misspelt option is an error
 * rather than a silently ignored setting.
 */
public final class StrategyOptions {

  private final Map<String, String> values;

  private StrategyOptions(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Options from a map (copied). */
  public static StrategyOptions of(Map<String, String> values) {
    return new StrategyOptions(values);
  }

  /** No options. */
  public static StrategyOptions empty() {
    return new StrategyOptions(Map.of());
  }

  /** All options. */
  public Map<String, String> asMap() {
    return values;
  }

  /** True if the option is set. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The text value, or {@code def}. */
  public String getString(String name, String def) {
    return values.getOrDefault(name, def);
  }

  /**
   * A long value, or {@code def}.
   *
   * @throws IllegalArgumentException naming the option if the text is not an integer
   */
  public long getLong(String name, long def) {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + name + " must be an integer, got '" + v + "'");
    }
  }

  /** An int value in [min, max], or {@code def}. */
  public int getInt(String name, int def, int min, int max) {
    long v = getLong(name, def);
    if (v < min || v > max) {
      throw new IllegalArgumentException("option " + name + " must be in " + min + ".." + max + ", got " + v);
    }
    return (int) v;
  }

  /** A boolean ({@code true}/{@code false}), or {@code def}. */
  public boolean getBoolean(String name, boolean def) {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("option " + name + " must be true or false, got '" + v + "'");
    };
  }

  /** A comma-separated list of addresses, or empty. */
  public List<Address> getAddresses(String name) {
    String v = values.get(name);
    List<Address> out = new ArrayList<>();
    if (v == null || v.isBlank()) {
      return out;
    }
    for (String part : v.split(",")) {
      try {
        out.add(Address.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("option " + name + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Fails if any option is not among {@code known}.
   *
   * @throws IllegalArgumentException naming the unknown option and listing the known ones
   */
  public void requireOnly(String strategy, Set<String> known) {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option '" + k + "' for " + strategy + "; known: " + new java.util.TreeSet<>(known));
      }
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
