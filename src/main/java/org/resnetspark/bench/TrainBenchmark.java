package org.resnetspark.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.Augmentation;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PathSource;
import org.resnetspark.data.ShardInput;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import org.resnetspark.progress.Progress;
import org.resnetspark.train.DistributedTrainer;

/**
 * Training throughput of the same model on the same Fashion-MNIST images, two ways on the same
 * cores and with the same global batch: (a) one process, DL4J's {@code ComputationGraph.fit} on
 * minibatches of {@code workers x batch} images already in memory; (b) this pipeline, {@link
 * DistributedTrainer} on the local Spark session, one worker per task slot fitting minibatches of
 * {@code batch} images, each reading and decoding its shard paths. Each way first trains one
 * uncounted epoch (class loading, JIT, ND4J start-up), then times the next.
 */
public final class TrainBenchmark {
  /** What to measure. */
  public record Options(String variant, int images, int batch, int averagingFrequency) {}

  /**
   * Images per second both ways; {@code ratio} = Spark / single process. {@code globalBatch} is the
   * images of one step either way: the single process's minibatch, and the workers' minibatches
   * between them.
   */
  public record Result(
      Options options,
      int cores,
      int workers,
      int globalBatch,
      double singleProcessImagesPerSec,
      double sparkImagesPerSec) {
    public double ratio() {
      return sparkImagesPerSec / singleProcessImagesPerSec;
    }
  }

  private TrainBenchmark() {}

  public static Result run(SparkSession spark, Path workDir, Options o) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = sc.defaultParallelism();
    Variant variant = Variants.parse(o.variant());
    Manifest manifest = shards(spark, workDir, o);
    ShardInput input = ShardInput.of(manifest, "train", Augmentation.NONE, 1);
    TrainSettings settings = settings(o, cores);
    int globalBatch = settings.workers() * o.batch();
    double single = singleProcess(model(variant), input, globalBatch);
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc,
            model(variant),
            settings,
            manifest,
            new Progress(new PrintStream(OutputStream.nullOutputStream())));
    // One uncounted epoch, as the single process has.
    trainer.trainEpoch(1);
    double distributed = trainer.trainEpoch(2).imagesPerSec();
    return new Result(o, cores, trainer.workers(), globalBatch, single, distributed);
  }

  /**
   * A worker's round is one shard: {@code batch x averagingFrequency} examples, so every worker
   * fits exactly {@code averagingFrequency} minibatches per round.
   */
  private static Manifest shards(SparkSession spark, Path workDir, Options o) {
    return BenchShards.fashionMnist(
        spark, workDir.resolve("shards"), o.images(), o.batch() * o.averagingFrequency());
  }

  private static TrainSettings settings(Options o, int workers) {
    return ConfigLoader.load(
            null,
            List.of(
                "train.epochs=2",
                "train.workers=" + workers,
                "train.batch-size-per-worker=" + o.batch(),
                "train.averaging-frequency=" + o.averagingFrequency(),
                "train.augmentation=none",
                "train.schedule.type=constant"))
        .train();
  }

  private static ComputationGraph model(Variant variant) {
    ModelOptions options = ModelOptions.defaultsFor(variant).withClasses(10).withInput(28, 28, 1);
    return ResNets.build(variant, options, new Optimization(new Nesterovs(0.1, 0.9), 1e-4, 42));
  }

  /** Images/s of {@code fit} on in-memory minibatches of {@code batch}, after one epoch. */
  private static double singleProcess(ComputationGraph net, ShardInput input, int batch) {
    List<DataSet> loaded = new ArrayList<>();
    for (String path : input.paths()) {
      loaded.add(load(input, path));
    }
    List<DataSet> minibatches = DataSet.merge(loaded).batchBy(batch);
    fitAll(net, minibatches);
    long start = System.nanoTime();
    long examples = fitAll(net, minibatches);
    return examples / ((System.nanoTime() - start) / 1e9);
  }

  private static long fitAll(ComputationGraph net, List<DataSet> minibatches) {
    long examples = 0;
    for (DataSet minibatch : minibatches) {
      net.fit(minibatch);
      examples += minibatch.numExamples();
    }
    return examples;
  }

  private static DataSet load(ShardInput input, String path) {
    try {
      return input.loader().load(new PathSource(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
