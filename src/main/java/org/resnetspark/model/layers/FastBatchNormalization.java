package org.resnetspark.model.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link BatchNormalization} configuration whose layer runs on {@link
 * FastBatchNormalizationLayer}: same fields, parameters and JSON apart from the class name.
 */
public class FastBatchNormalization extends BatchNormalization {

  /** For JSON deserialisation. */
  public FastBatchNormalization() {}

  /** The fast twin of a stock configuration, every field copied. */
  public static FastBatchNormalization of(BatchNormalization stock) {
    return copy(stock, new FastBatchNormalization());
  }

  /** {@code fast} with every field of {@code stock}. */
  static <T extends FastBatchNormalization> T copy(BatchNormalization stock, T fast) {
    // The stock builder's constructor is private, so the fields are copied one by one.
    for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          f.set(fast, f.get(stock));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Cannot copy " + f, e);
        }
      }
    }
    return fast;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNOutSet("FastBatchNormalization", getLayerName(), layerIndex, getNOut());
    return LayerWiring.wire(
        new FastBatchNormalizationLayer(conf, networkDataType),
        conf,
        initializer(),
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public FastBatchNormalization clone() {
    return (FastBatchNormalization) super.clone();
  }

  // The stock equals accepts any BatchNormalization; a stock and a fast layer, or a fast batch
  // norm and a fused batch norm + ReLU, must not be equal.
  @Override
  public boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + getClass().hashCode();
  }
}
