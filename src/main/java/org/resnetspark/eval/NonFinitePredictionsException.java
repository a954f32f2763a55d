package org.resnetspark.eval;

/**
 * The network predicted NaN or infinite values for some examples: it has diverged (in inference
 * mode, through batch norm's running statistics, even where its training loss stayed finite).
 */
public class NonFinitePredictionsException extends RuntimeException {
  NonFinitePredictionsException(long examples, long of) {
    super(
        String.format(
            "the predictions for %d of %d validation examples hold NaN or infinite values",
            examples, of));
  }
}
