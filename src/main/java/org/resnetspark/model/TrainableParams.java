package org.resnetspark.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Counts the parameters of a built graph that training updates. DL4J keeps BN's running mean and
 * variance among the parameters but gives them the no-op updater; those are left out.
 */
public final class TrainableParams {

  private TrainableParams() {}

  public static long count(ComputationGraph graph) {
    long total = 0;
    for (Layer layer : graph.getLayers()) {
      for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
        if (!(layer.getConfig().getUpdaterByParam(param.getKey()) instanceof NoOp)) {
          total += param.getValue().length();
        }
      }
    }
    return total;
  }
}
