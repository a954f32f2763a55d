package org.resnetspark.data;

/** A source file that is not a usable image; the message is the reason recorded in the manifest. */
final class RejectedImageException extends Exception {
  RejectedImageException(String reason) {
    super(reason);
  }
}
