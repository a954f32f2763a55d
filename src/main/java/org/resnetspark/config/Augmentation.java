package org.resnetspark.config;

import java.util.Locale;

/** What the shard reader does to each image before normalising it. */
public enum Augmentation {
  /** Evaluation: centre crop (after resizing the shorter side to 8/7 of the crop), no flip. */
  NONE,
  /** He et al. 2015, CIFAR-10: pad 4 pixels on each side, random crop, horizontal flip. */
  CIFAR,
  /** He et al. 2015, ImageNet: shorter side random in [256, 480], random 224 crop, flip. */
  IMAGENET;

  /** The name in configuration files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
