package org.resnetspark.train;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.common.loader.LocalFileSourceFactory;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.resnetspark.config.ConfigLoader;
import org.resnetspark.config.Layout;
import org.resnetspark.config.TrainSettings;
import org.resnetspark.data.Manifest;
import org.resnetspark.data.PrepareJob;
import org.resnetspark.data.PrepareOptions;
import org.resnetspark.progress.Progress;

/** Shards, networks and settings shared by the training tests. */
final class TrainFixtures {
  private TrainFixtures() {}

  /** Real Fashion-MNIST images, {@code perClass} of each of the 10 classes per split. */
  static Manifest fashionShards(SparkSession spark, Path dir, int perClass, int shardSize) {
    PrepareOptions options =
        PrepareOptions.defaults("/usr/share/datasets/fashion-mnist", dir.toString())
            .withLayout(Layout.IDX)
            .withLimitPerClass(perClass)
            .withShardSize(shardSize);
    return PrepareJob.run(spark, options, s -> {});
  }

  /** Base settings for the tests, then the overrides (key=value). */
  static TrainSettings settings(String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "train.epochs=1",
                "train.workers=2",
                "train.augmentation=none",
                "train.learning-rate=0.1",
                "train.momentum=0",
                "train.weight-decay=0",
                "train.schedule.type=constant"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all).train();
  }

  /**
   * Conv, max pooling, dense and softmax with plain SGD and no batch normalisation: the loss is a
   * mean over the minibatch, so the mean of N steps from the same parameters on disjoint equal-size
   * minibatches is exactly one step on their union.
   */
  static ComputationGraph tinyConvNet(int height, int width, int channels, double learningRate) {
    ComputationGraph net =
        new ComputationGraph(
            new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(height, width, channels))
                .addLayer(
                    "conv",
                    new ConvolutionLayer.Builder(5, 5)
                        .stride(2, 2)
                        .nOut(4)
                        .activation(Activation.RELU)
                        .build(),
                    "input")
                .addLayer(
                    "pool",
                    new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build(),
                    "conv")
                .addLayer(
                    "dense",
                    new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(),
                    "pool")
                .addLayer(
                    "out",
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build(),
                    "dense")
                .setOutputs("out")
                .build());
    net.init();
    return net;
  }

  /** The paths loaded on this thread, merged into one DataSet in the given order. */
  static DataSet load(DataSetLoader loader, List<String> paths) throws Exception {
    List<DataSet> parts = new ArrayList<>();
    LocalFileSourceFactory sources = new LocalFileSourceFactory();
    for (String path : paths) {
      parts.add(loader.load(sources.getSource(path)));
    }
    return DataSet.merge(parts);
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  static Progress quiet() {
    return new Progress(new PrintStream(OutputStream.nullOutputStream()));
  }
}
