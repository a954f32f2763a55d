package org.resnetspark.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;

/**
 * What a variant is built for: the classes, the input (NCHW, height x width x channels), the
 * shortcut where a block changes shape, where a bottleneck puts its stride, and the initial gamma
 * of the last BN in each residual branch.
 */
public record ModelOptions(
    int numClasses,
    int height,
    int width,
    int channels,
    Shortcut shortcut,
    StridePlacement stride,
    LastBnGamma lastBnGamma) {

  private static final Pattern INPUT = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})[xX](\\d{1,5})");

  public ModelOptions {
    if (numClasses < 2) {
      throw new ConfigException("Invalid classes: %s (expected at least 2)", numClasses);
    }
    if (height < 1 || width < 1 || channels < 1) {
      throw new ConfigException(
          "Invalid input: %sx%sx%s (expected positive height x width x channels, e.g. 32x32x3)",
          height, width, channels);
    }
    Objects.requireNonNull(shortcut, "shortcut");
    Objects.requireNonNull(stride, "stride");
    Objects.requireNonNull(lastBnGamma, "lastBnGamma");
  }

  /**
   * The papers' settings: the family's input and classes (224x224x3 and 1000 for ImageNet, 32x32x3
   * and 10 for CIFAR), option A for CIFAR basic blocks and B otherwise, the stride on the first 1x1
   * as in the paper, the last BN gamma of each residual branch at zero.
   */
  public static ModelOptions defaultsFor(Variant variant) {
    Family family = variant.family();
    Shortcut shortcut =
        family == Family.CIFAR && variant.block() == Block.BASIC ? Shortcut.A : Shortcut.B;
    return new ModelOptions(
        family.defaultClasses(),
        family.defaultSize(),
        family.defaultSize(),
        family.defaultChannels(),
        shortcut,
        StridePlacement.V1,
        LastBnGamma.ZERO);
  }

  public ModelOptions withClasses(int classes) {
    return new ModelOptions(classes, height, width, channels, shortcut, stride, lastBnGamma);
  }

  public ModelOptions withInput(int newHeight, int newWidth, int newChannels) {
    return new ModelOptions(
        numClasses, newHeight, newWidth, newChannels, shortcut, stride, lastBnGamma);
  }

  public ModelOptions withShortcut(Shortcut newShortcut) {
    return new ModelOptions(numClasses, height, width, channels, newShortcut, stride, lastBnGamma);
  }

  public ModelOptions withStride(StridePlacement newStride) {
    return new ModelOptions(numClasses, height, width, channels, shortcut, newStride, lastBnGamma);
  }

  public ModelOptions withLastBnGamma(LastBnGamma gamma) {
    return new ModelOptions(numClasses, height, width, channels, shortcut, stride, gamma);
  }

  /** Reads the input as {@link #inputLabel} writes it, e.g. {@code 28x28x1}. */
  public ModelOptions withInput(String heightWidthChannels) {
    Matcher m = INPUT.matcher(heightWidthChannels == null ? "" : heightWidthChannels.trim());
    if (!m.matches()) {
      throw new ConfigException(
          "Invalid input: %s (expected HxWxC, e.g. 224x224x3 or 28x28x1)", heightWidthChannels);
    }
    return withInput(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** The input as the CLI writes it, e.g. {@code 224x224x3}. */
  public String inputLabel() {
    return height + "x" + width + "x" + channels;
  }

  /** Rejects options the variant cannot be built with, naming what is allowed. */
  void checkFits(Variant variant) {
    int minimum = variant.family().totalStride();
    if (height < minimum || width < minimum) {
      throw new ConfigException(
          "Invalid input: %s for %s (height and width must be at least %s: the network"
              + " downsamples by %s)",
          inputLabel(), variant.name(), minimum, minimum);
    }
    if (shortcut == Shortcut.A
        && variant.block() == Block.BOTTLENECK
        && variant.kind().hasShortcuts()) {
      throw new ConfigException(
          "Invalid shortcut: A for %s (option A zero-pads the doubled channels of basic blocks;"
              + " bottleneck variants use B)",
          variant.name());
    }
  }
}
