package org.resnetspark.model.layers;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Convolution as im2col plus one sgemm per group of images, on the BLAS ND4J itself calls. Groups
 * hold enough images for a product at least {@link #MIN_COLUMNS} pixels wide (so small late-stage
 * maps still make an efficient product) while the patch matrix of one group stays cache-sized.
 * Backward recomputes the patch matrix of each group instead of keeping all of them: memory stays
 * that of one group and the copy is cheap next to the products.
 */
final class GemmKernel implements ConvKernel {

  static final int MIN_COLUMNS = 1024;

  @Override
  public void forward(
      ConvGeometry g, INDArray input, INDArray weights, INDArray bias, INDArray output) {
    int pixels = g.outH() * g.outW();
    int group = groupSize(g);
    int k = (int) g.patchSize();
    int outC = (int) g.outChannels();
    FloatPointer inPtr = Buffers.pointer(input);
    FloatPointer w = Buffers.pointer(weights);
    FloatPointer out = Buffers.pointer(output);
    FloatPointer colPtr = Scratch.floats(Scratch.PATCHES, (long) k * group * pixels);
    FloatPointer staged = Scratch.floats(Scratch.STAGED, (long) outC * group * pixels);
    for (int first = 0; first < g.batch(); first += group) {
      int count = (int) Math.min(group, g.batch() - first);
      int columns = count * pixels;
      FloatPointer patches = patches(g, inPtr, first, count, colPtr);
      long imageOffset = (long) first * outC * pixels;
      if (count == 1) {
        cblas_sgemm(
            CblasRowMajor,
            CblasNoTrans,
            CblasNoTrans,
            outC,
            columns,
            k,
            1f,
            w,
            k,
            patches,
            columns,
            0f,
            Buffers.at(out, imageOffset),
            columns);
      } else {
        cblas_sgemm(
            CblasRowMajor,
            CblasNoTrans,
            CblasNoTrans,
            outC,
            columns,
            k,
            1f,
            w,
            k,
            patches,
            columns,
            0f,
            staged,
            columns);
        Layouts.channelsToImages(
            staged.asBuffer(), count, outC, pixels, Buffers.floats(output), imageOffset);
      }
    }
    if (bias != null) {
      output.addi(bias.reshape(1, outC, 1, 1));
    }
  }

  @Override
  public void backward(
      ConvGeometry g,
      INDArray input,
      INDArray weights,
      INDArray outputGrad,
      INDArray inputGrad,
      INDArray weightGrad,
      INDArray biasGrad) {
    int pixels = g.outH() * g.outW();
    int group = groupSize(g);
    int k = (int) g.patchSize();
    int outC = (int) g.outChannels();
    FloatPointer inPtr = Buffers.pointer(input);
    FloatBuffer dyBuf = Buffers.floats(outputGrad);
    FloatPointer dy = Buffers.pointer(outputGrad);
    FloatPointer w = Buffers.pointer(weights);
    INDArray dW = Buffers.isDenseFloat(weightGrad) ? weightGrad : weightGrad.dup('c');
    FloatPointer dWPtr = Buffers.pointer(dW);
    FloatPointer colPtr = Scratch.floats(Scratch.PATCHES, (long) k * group * pixels);
    FloatPointer colGradPtr = Scratch.floats(Scratch.PATCH_GRAD, (long) k * group * pixels);
    FloatPointer staged = Scratch.floats(Scratch.STAGED, (long) outC * group * pixels);
    FloatPointer dx = Buffers.pointer(inputGrad);
    for (int first = 0; first < g.batch(); first += group) {
      int count = (int) Math.min(group, g.batch() - first);
      int columns = count * pixels;
      FloatPointer patches = patches(g, inPtr, first, count, colPtr);
      FloatPointer patchGrad = patchGrad(g, dx, first, count, colGradPtr);
      long imageOffset = (long) first * outC * pixels;
      FloatPointer groupGrad;
      if (count == 1) {
        groupGrad = Buffers.at(dy, imageOffset);
      } else {
        Layouts.imagesToChannels(dyBuf, imageOffset, count, outC, pixels, staged.asBuffer());
        groupGrad = staged;
      }
      // dW (+)= dY [outC, columns] x col^T [columns, k]
      cblas_sgemm(
          CblasRowMajor,
          CblasNoTrans,
          CblasTrans,
          outC,
          k,
          columns,
          1f,
          groupGrad,
          columns,
          patches,
          columns,
          first == 0 ? 0f : 1f,
          dWPtr,
          k);
      // dCol [k, columns] = W^T [k, outC] x dY [outC, columns]
      cblas_sgemm(
          CblasRowMajor,
          CblasTrans,
          CblasNoTrans,
          k,
          columns,
          outC,
          1f,
          w,
          k,
          groupGrad,
          columns,
          0f,
          patchGrad,
          columns);
      if (patchGrad == colGradPtr) {
        storeInputGrad(g, colGradPtr, first, count, dx);
      }
    }
    if (dW != weightGrad) {
      weightGrad.assign(dW);
    }
    if (biasGrad != null) {
      biasGrad.assign(outputGrad.sum(0, 2, 3).reshape(biasGrad.shape()));
    }
  }

  /**
   * The patch matrix of a group, in {@code col} unless the convolution is pointwise: then a single
   * image is its own patch matrix (used in place), and a group only needs its channels side by
   * side.
   */
  private static FloatPointer patches(
      ConvGeometry g, FloatPointer in, int first, int count, FloatPointer col) {
    int imageSize = imageSize(g);
    if (g.isPointwise()) {
      if (count == 1) {
        return Buffers.at(in, (long) first * imageSize);
      }
      Layouts.imagesToChannels(
          in.asBuffer(),
          (long) first * imageSize,
          count,
          (int) g.inChannels(),
          g.outH() * g.outW(),
          col.asBuffer());
      return col;
    }
    float[] images = Scratch.heap(Scratch.IMAGES, count * imageSize);
    Buffers.at(in, (long) first * imageSize).get(images, 0, count * imageSize);
    int length = (int) g.patchSize() * count * g.outH() * g.outW();
    float[] matrix = Scratch.heap(Scratch.MATRIX, length);
    Patches.im2col(g, images, count, matrix);
    col.put(matrix, 0, length);
    return col;
  }

  /**
   * Where the product writes a group's patch-matrix gradient: for a single image of a pointwise
   * convolution that is the image's input gradient itself, otherwise {@code colGrad}, which {@link
   * #storeInputGrad} then folds into the input gradient.
   */
  private static FloatPointer patchGrad(
      ConvGeometry g, FloatPointer inputGrad, int first, int count, FloatPointer colGrad) {
    if (g.isPointwise() && count == 1) {
      return Buffers.at(inputGrad, (long) first * imageSize(g));
    }
    return colGrad;
  }

  /** col2im of a group into its images of {@code inputGrad} (a layout change when pointwise). */
  private static void storeInputGrad(
      ConvGeometry g, FloatPointer colGrad, int first, int count, FloatPointer inputGrad) {
    int imageSize = imageSize(g);
    if (g.isPointwise()) {
      Layouts.channelsToImages(
          colGrad.asBuffer(),
          count,
          (int) g.inChannels(),
          g.outH() * g.outW(),
          inputGrad.asBuffer(),
          (long) first * imageSize);
      return;
    }
    int length = (int) g.patchSize() * count * g.outH() * g.outW();
    float[] matrix = Scratch.heap(Scratch.MATRIX, length);
    colGrad.get(matrix, 0, length);
    float[] images = Scratch.heap(Scratch.IMAGES, count * imageSize);
    Patches.col2im(g, matrix, count, images);
    Buffers.at(inputGrad, (long) first * imageSize).put(images, 0, count * imageSize);
  }

  private static int imageSize(ConvGeometry g) {
    return (int) (g.inChannels() * g.inH() * g.inW());
  }

  static int groupSize(ConvGeometry g) {
    int pixels = g.outH() * g.outW();
    int wanted = (MIN_COLUMNS + pixels - 1) / pixels;
    return (int) Math.max(1, Math.min(wanted, g.batch()));
  }
}
