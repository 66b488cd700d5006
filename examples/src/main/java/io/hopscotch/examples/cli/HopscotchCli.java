package io.hopscotch.examples.cli;

import io.hopscotch.core.impl.Strategies;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hopscotch} command: {@code demo}, {@code simulate}, {@code node}, and the BitTorrent-compatible
 * {@code tracker}, {@code share} and {@code fetch}. A usage error (an
 * unknown option, a bad value, a routing that is not built) prints one line and exits with status 2.
 */
@Command(name = "hopscotch", mixinStandardHelpOptions = true, version = "hopscotch 0.1.0",
    description = "An embeddable peer-to-peer overlay: central index, flooding, supernodes, Chord, Pastry, Kelips.",
    subcommands = {DemoCommand.class, SimulateCommand.class, NodeCommand.class, TrackerCommand.class, ShareCommand.class,
        FetchCommand.class})
public final class HopscotchCli implements Runnable {

  /** Exit status of a usage error. */
  static final int USAGE = 2;

  /** Routing names from the most capable to the least, for the default choice. */
  private static final List<String> PREFERENCE = List.of("chord", "pastry", "kelips", "supernode", "flooding", "central");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The most capable routing strategy on the class path. */
  static String defaultRouting() {
    var available = Strategies.availableRouting();
    return PREFERENCE.stream().filter(available::contains).findFirst()
        .orElseThrow(() -> new IllegalStateException("no routing strategy on the class path"));
  }

  /**
   * Checks a routing name.
   *
   * @throws CommandLine.ParameterException with one clear line if the name is unknown or not built
   */
  static void checkRouting(CommandLine cmd, String name) {
    try {
      Strategies.routing(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }

  /** Builds the command line with one-line error reporting. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new HopscotchCli());
    cmd.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("hopscotch: " + ex.getMessage().lines().findFirst().orElse("bad usage") + " (see --help)");
      err.flush();
      return USAGE;
    });
    cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof IllegalArgumentException) {
        c.getErr().println("hopscotch: " + ex.getMessage());
        return USAGE;
      }
      c.getErr().println("hopscotch: " + ex);
      return 1;
    });
    return cmd;
  }

  /**
   * Entry point.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
