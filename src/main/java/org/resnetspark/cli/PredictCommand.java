package org.resnetspark.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Settings;
import org.resnetspark.job.SparkSessions;
import org.resnetspark.predict.ChampionCheckpoint;
import org.resnetspark.predict.PredictJob;
import org.resnetspark.predict.PredictOutcome;
import org.resnetspark.predict.PredictRequest;
import org.resnetspark.progress.ProgressOutput;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores the images of a source with a checkpoint and merges the results into a table. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Score the images of a source with a checkpoint (or the retraining pipeline's champion),"
          + " distributed over the executors.",
      "Merges one row per image into resnet.predictions (top classes and probabilities), keyed by"
          + " the checkpoint's and the image's SHA-256; unreadable images go to"
          + " resnet.prediction_rejects."
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "URI",
      description =
          "The images: class folders, the ImageNet layout, or any folder tree (any Hadoop URI).")
  String source;

  @ArgGroup(multiplicity = "1")
  Model model;

  static final class Model {
    @Option(
        names = "--checkpoint",
        paramLabel = "URI",
        description = "A checkpoint folder, e.g. <work-dir>/runs/<run-id>/checkpoints/epoch-0001.")
    String checkpoint;

    @Option(
        names = "--champion",
        description = "The checkpoint the retraining pipeline (retrain.root) promoted.")
    boolean champion;
  }

  @Option(
      names = "--top-k",
      defaultValue = "" + PredictRequest.DEFAULT_TOP_K,
      paramLabel = "K",
      description = "Classes kept per image, most probable first (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--out",
      defaultValue = PredictRequest.DEFAULT_TABLE,
      paramLabel = "TABLE",
      description = "The predictions table (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json: the summary as lines, or as one JSON object on standard output.")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("Invalid --format: %s (expected one of [text, json])", format);
    }
    Settings settings = options.settings();
    SparkSession spark = SparkSessions.create(settings, options.master);
    String checkpoint =
        model.champion
            ? ChampionCheckpoint.of(
                settings.retrain().root(), spark.sparkContext().hadoopConfiguration())
            : model.checkpoint;
    PredictRequest request = new PredictRequest(source, checkpoint, topK, out);
    boolean json = format.equals("json");
    // With JSON on standard output, progress goes to standard error.
    PrintStream progress = json ? System.err : System.out;
    PredictOutcome outcome = PredictJob.run(spark, request, ProgressOutput.forConsole(progress));
    if (json) {
      System.out.println(outcome.json());
    }
    return 0;
  }
}
