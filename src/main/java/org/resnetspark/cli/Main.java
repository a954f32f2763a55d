package org.resnetspark.cli;

import org.resnetspark.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point, for {@code bin/resnet-spark} and {@code spark-submit --class
 * org.resnetspark.cli.Main} alike. Exit codes: 0 success, 2 bad usage or configuration, 1 job
 * failure.
 */
@Command(
    name = "resnet-spark",
    mixinStandardHelpOptions = true,
    version = "resnet-spark 0.1.0",
    description = "Train deep residual networks on Spark.",
    subcommands = {
      DemoCommand.class,
      ModelsCommand.class,
      PrepareCommand.class,
      TrainCommand.class,
      RetrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      SqlCommand.class,
      CheckpointsCommand.class,
      ReportCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand("bench", BenchCommand.withSubcommands());
    cli.setExecutionExceptionHandler(Main::handle);
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ConfigException) {
        cli.getErr().println("error: " + cause.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      cause = cause.getCause();
    }
    cli.getErr().println("error: job failed: " + e);
    e.printStackTrace(cli.getErr());
    return CommandLine.ExitCode.SOFTWARE;
  }
}
