package org.resnetspark.model.layers;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalisation with the NCHW float case computed by {@link BatchNormKernel}: two
 * passes over the data forward and two backward, where the stock layer runs about ten broadcast and
 * reduction operations each way and keeps two more activation-sized arrays. The running statistics
 * are updated exactly as the stock layer does (through their "gradient", so parameter averaging
 * stays correct). Other cases (dense input, NHWC, fixed gamma and beta) run the stock code.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {

  private static final double HALF_ON_LN_10 = 1.0 / (2 * Math.log(10.0));

  // The batch statistics of the last training forward pass and the array they came from, so
  // backprop on the same input does not read it once more to compute them again.
  private INDArray statisticsInput;
  private double[] statisticsMean;
  private double[] statisticsVar;

  public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Whether the fast code computes this input; any other runs the stock layer's code. */
  boolean covered(INDArray x) {
    return x.rank() == 4
        && dataType == DataType.FLOAT
        && layerConf().getCnn2DFormat() == CNN2DFormat.NCHW
        && !layerConf().isLockGammaBeta();
  }

  @Override
  public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
    if (!covered(x)) {
      return super.preOutput(x, training, workspaceMgr);
    }
    INDArray in = dense(x.castTo(dataType));
    int batch = (int) in.size(0);
    int channels = (int) in.size(1);
    int plane = (int) (in.size(2) * in.size(3));
    double[] mean = new double[channels];
    double[] var = new double[channels];
    if (training == TrainingMode.TRAIN) {
      BatchNormKernel.statistics(Buffers.floats(in), batch, channels, plane, mean, var);
      statisticsInput = in;
      statisticsMean = mean;
      statisticsVar = var;
    } else {
      runningStatistics(mean, var);
    }
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, in.shape(), 'c');
    forward(Buffers.floats(in), Buffers.floats(out), batch, channels, plane, affine(mean, var));
    return out;
  }

  /** Writes the layer's output {@code y} for input {@code x}: here the batch norm itself. */
  void forward(
      FloatBuffer x,
      FloatBuffer y,
      int batch,
      int channels,
      int plane,
      BatchNormKernel.Affine affine) {
    BatchNormKernel.affine(x, y, batch, channels, plane, affine.scale(), affine.shift());
  }

  /**
   * {@code y = x * scale + shift} per channel for the given statistics, in float: the one place the
   * forward pass's coefficients are computed, so backprop can compute the same ones again.
   */
  BatchNormKernel.Affine affine(double[] mean, double[] var) {
    float[] gamma = floats(getParam(BatchNormalizationParamInitializer.GAMMA));
    float[] beta = floats(getParam(BatchNormalizationParamInitializer.BETA));
    float[] scale = new float[mean.length];
    float[] shift = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      double s = gamma[c] / Math.sqrt(var[c] + layerConf().getEps());
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
    }
    return new BatchNormKernel.Affine(scale, shift);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!covered(input) || epsilon.rank() != 4) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray in = dense(input.castTo(dataType));
    INDArray dy = dense(epsilon.castTo(dataType));
    int batch = (int) in.size(0);
    int channels = (int) in.size(1);
    int plane = (int) (in.size(2) * in.size(3));
    FloatBuffer x = Buffers.floats(in);
    double[] mean;
    double[] var;
    if (in == statisticsInput) {
      mean = statisticsMean;
      var = statisticsVar;
    } else {
      mean = new double[channels];
      var = new double[channels];
      BatchNormKernel.statistics(x, batch, channels, plane, mean, var);
    }
    statisticsInput = null;
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      std[c] = Math.sqrt(var[c] + layerConf().getEps());
    }
    float[] gamma = floats(getParam(BatchNormalizationParamInitializer.GAMMA));
    float[] dGamma = new float[channels];
    float[] dBeta = new float[channels];
    INDArray dx =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
    backward(
        new Statistics(mean, var, std),
        x,
        Buffers.floats(dy),
        Buffers.floats(dx),
        batch,
        channels,
        plane,
        gamma,
        dGamma,
        dBeta);

    Gradient gradient = new DefaultGradient();
    put(gradient, BatchNormalizationParamInitializer.GAMMA, dGamma);
    put(gradient, BatchNormalizationParamInitializer.BETA, dBeta);
    runningStatisticsStep(gradient, mean, var);
    return new Pair<>(gradient, dx);
  }

  /** A minibatch's per-channel mean and variance, and {@code sqrt(var + eps)}. */
  record Statistics(double[] mean, double[] var, double[] std) {}

  /** Fills the input gradient {@code dx} and the gamma and beta gradients: here of batch norm. */
  void backward(
      Statistics statistics,
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dx,
      int batch,
      int channels,
      int plane,
      float[] gamma,
      float[] dGamma,
      float[] dBeta) {
    BatchNormKernel.backward(
        x,
        dy,
        dx,
        batch,
        channels,
        plane,
        statistics.mean(),
        statistics.std(),
        gamma,
        dGamma,
        dBeta);
  }

  /**
   * The stock layer's "distributed safe" update of the running statistics: the gradient is the step
   * that the plain SGD updater DL4J uses for them subtracts, {@code (1 - decay) * (running -
   * batch)} for the mean, and for log10(std) the log ratio of the old to the new variance.
   */
  private void runningStatisticsStep(Gradient gradient, double[] mean, double[] var) {
    double decay = layerConf().getDecay();
    float[] runningMean = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
    float[] meanStep = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      meanStep[c] = (float) ((runningMean[c] - mean[c]) * (1 - decay));
    }
    put(gradient, BatchNormalizationParamInitializer.GLOBAL_MEAN, meanStep);
    float[] varStep = new float[var.length];
    if (layerConf().isUseLogStd()) {
      float[] log10Std = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
      for (int c = 0; c < var.length; c++) {
        double old = Math.pow(10, 2.0 * log10Std[c]);
        double next = decay * old + (1 - decay) * var[c];
        varStep[c] = (float) (Math.log(old / next) * HALF_ON_LN_10);
      }
      put(gradient, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, varStep);
    } else {
      float[] runningVar = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
      for (int c = 0; c < var.length; c++) {
        varStep[c] = (float) ((runningVar[c] - var[c]) * (1 - decay));
      }
      put(gradient, BatchNormalizationParamInitializer.GLOBAL_VAR, varStep);
    }
  }

  private void runningStatistics(double[] mean, double[] var) {
    float[] runningMean = floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
    float[] spread =
        floats(
            getParam(
                layerConf().isUseLogStd()
                    ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR));
    for (int c = 0; c < mean.length; c++) {
      mean[c] = runningMean[c];
      var[c] = layerConf().isUseLogStd() ? Math.pow(10, 2.0 * spread[c]) : spread[c];
    }
  }

  private void put(Gradient gradient, String key, float[] values) {
    INDArray view = gradientViews.get(key);
    for (int i = 0; i < values.length; i++) {
      view.putScalar(i, values[i]);
    }
    gradient.setGradientFor(key, view);
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).toFloatVector();
  }

  private static INDArray dense(INDArray a) {
    return Buffers.isDenseFloat(a) ? a : a.dup('c');
  }
}
