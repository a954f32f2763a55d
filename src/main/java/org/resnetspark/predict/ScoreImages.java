package org.resnetspark.predict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resnetspark.data.Scoring;
import org.resnetspark.data.ScoringDecoder;
import org.resnetspark.data.SourceItem;
import org.resnetspark.eval.BroadcastNetwork;

/**
 * On an executor: rebuilds the broadcast network once per partition, then preprocesses the
 * partition's images a batch at a time as evaluation does and runs the inference-mode forward pass
 * evaluation runs. The time of the forward passes and of the whole partition go into two
 * accumulators, for the images/s per core of the summary. An image is named by its item's key: its
 * path, or {@code <IDX file>#<index>}.
 */
final class ScoreImages implements FlatMapFunction<Iterator<SourceItem>, ScoredImage> {
  static final int BATCH = 32;

  private final BroadcastNetwork network;
  private final ScoringDecoder decoder;
  private final int topK;
  private final int channels;
  private final int height;
  private final int width;
  private final LongAccumulator inferenceNanos;
  private final LongAccumulator taskNanos;

  ScoreImages(
      BroadcastNetwork network,
      Scoring scoring,
      int topK,
      LongAccumulator inferenceNanos,
      LongAccumulator taskNanos) {
    this.network = network;
    this.decoder = new ScoringDecoder(scoring);
    this.topK = topK;
    this.channels = scoring.channels();
    this.height = scoring.height();
    this.width = scoring.width();
    this.inferenceNanos = inferenceNanos;
    this.taskNanos = taskNanos;
  }

  @Override
  public Iterator<ScoredImage> call(Iterator<SourceItem> items) throws Exception {
    long start = System.nanoTime();
    List<ScoredImage> out = new ArrayList<>();
    if (!items.hasNext()) {
      return out.iterator();
    }
    ComputationGraph net = network.rebuild();
    int size = decoder.imageSize();
    float[] features = new float[BATCH * size];
    List<SourceItem> batch = new ArrayList<>(BATCH);
    List<String> sha256s = new ArrayList<>(BATCH);
    try (decoder) {
      while (items.hasNext()) {
        SourceItem item = items.next();
        ScoringDecoder.Decoded decoded = decoder.decode(item, features, batch.size() * size);
        if (!decoded.ok()) {
          out.add(ScoredImage.rejected(item.key(), decoded.sha256(), decoded.rejectReason()));
        } else {
          batch.add(item);
          sha256s.add(decoded.sha256());
        }
        if (batch.size() == BATCH || (!items.hasNext() && !batch.isEmpty())) {
          score(net, features, batch, sha256s, out);
          batch.clear();
          sha256s.clear();
        }
      }
    }
    taskNanos.add(System.nanoTime() - start);
    return out.iterator();
  }

  private void score(
      ComputationGraph net,
      float[] features,
      List<SourceItem> batch,
      List<String> sha256s,
      List<ScoredImage> out) {
    int n = batch.size();
    float[] used =
        n == BATCH ? features : java.util.Arrays.copyOf(features, n * decoder.imageSize());
    INDArray input = Nd4j.create(used, new long[] {n, channels, height, width}, 'c');
    long start = System.nanoTime();
    INDArray probabilities = BroadcastNetwork.infer(net, input);
    inferenceNanos.add(System.nanoTime() - start);
    for (int i = 0; i < n; i++) {
      TopClasses top = TopClasses.of(probabilities, i, topK);
      SourceItem item = batch.get(i);
      out.add(
          new ScoredImage(
              item.key(), sha256s.get(i), item.label(), top.classes(), top.scores(), null));
    }
  }
}
