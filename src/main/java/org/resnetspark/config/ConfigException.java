package org.resnetspark.config;

/**
 * Bad user input: an unknown option value, a key out of range, a variant that does not exist. The
 * message names what was wrong, what was received and what is allowed; the CLI prints it without a
 * stack trace and exits with code 2.
 */
public class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String format, Object... args) {
    super(String.format(format, args));
  }
}
