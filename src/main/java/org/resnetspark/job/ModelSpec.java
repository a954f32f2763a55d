package org.resnetspark.job;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.ConvolutionEngine;
import org.resnetspark.config.Settings;
import org.resnetspark.data.Manifest;
import org.resnetspark.model.LastBnGamma;
import org.resnetspark.model.LayerPlan;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.Optimization;
import org.resnetspark.model.ResNets;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;

/**
 * The network a training run builds from its settings and its data's input and classes: the
 * variant, its options, SGD with Nesterov momentum and weight decay, and the layer engine. The
 * train job and {@code bench model} both build through here, so the benchmark times what trains.
 */
public record ModelSpec(
    Variant variant, ModelOptions options, Optimization optimization, ConvolutionEngine engine) {

  /** The spec of {@code settings} for the classes and image shape of prepared {@code data}. */
  public static ModelSpec of(Settings settings, Manifest data) {
    return of(settings, data.numClasses(), data.height(), data.width(), data.channels());
  }

  /** The spec of {@code settings} for inputs of {@code height x width x channels}. */
  public static ModelSpec of(Settings settings, int classes, int height, int width, int channels) {
    Variant variant = variantOf(settings);
    ModelOptions options =
        ModelOptions.defaultsFor(variant)
            .withClasses(classes)
            .withInput(height, width, channels)
            .withStride(settings.model().stride())
            .withLastBnGamma(
                settings.model().zeroInitLastBn() ? LastBnGamma.ZERO : LastBnGamma.ONE);
    options = settings.model().shortcutOverride().map(options::withShortcut).orElse(options);
    Optimization optimization =
        new Optimization(
            new Nesterovs(settings.train().learningRate(), settings.train().momentum()),
            settings.train().weightDecay(),
            settings.train().seed());
    return new ModelSpec(variant, options, optimization, settings.model().engine());
  }

  /** The configured variant; an unknown name is refused naming {@code model.variant}. */
  public static Variant variantOf(Settings settings) {
    try {
      return Variants.parse(settings.model().variant());
    } catch (ConfigException e) {
      throw new ConfigException("%s (set by model.variant)", e.getMessage());
    }
  }

  public ModelSpec withEngine(ConvolutionEngine newEngine) {
    return new ModelSpec(variant, options, optimization, newEngine);
  }

  public ComputationGraphConfiguration configuration() {
    return ResNets.configuration(variant, options, optimization, engine);
  }

  /** The network with freshly initialised parameters. */
  public ComputationGraph build() {
    return ResNets.build(variant, options, optimization, engine);
  }

  /** The same network as a list of layers, for engines other than DL4J. */
  public LayerPlan plan() {
    return ResNets.plan(variant, options);
  }
}
