package org.resnetspark.config;

import java.io.Serializable;
import java.util.Optional;

/**
 * The network variant by name (see {@code resnet-spark models}) and its architectural options;
 * {@code shortcut} is null for the variant's own ({@code model.shortcut = default}).
 */
public record ModelSettings(
    String variant,
    Shortcut shortcut,
    StridePlacement stride,
    boolean zeroInitLastBn,
    ConvolutionEngine engine)
    implements Serializable {

  /** The configured shortcut type, if it overrides the variant's own. */
  public Optional<Shortcut> shortcutOverride() {
    return Optional.ofNullable(shortcut);
  }
}
