package org.resnetspark.cli;

import org.resnetspark.config.ConfigLoader;
import org.resnetspark.job.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that print figures: input pipeline throughput, and more as they are added. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput; each subcommand prints its figures (--format json).")
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static CommandLine withSubcommands() {
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand(
        "data", new BenchDataCommand(() -> SparkSessions.create(ConfigLoader.defaults(), null)));
    bench.addSubcommand(
        "train", new BenchTrainCommand(() -> SparkSessions.create(ConfigLoader.defaults(), null)));
    bench.addSubcommand("model", new BenchModelCommand());
    bench.addSubcommand("memory", new BenchMemoryCommand());
    bench.addSubcommand("scaling", new BenchScalingCommand());
    return bench;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark name");
  }
}
