package org.resnetspark.config;

/** Validated settings and the merged configuration they came from, as JSON (saved with a run). */
public record ResolvedConfig(Settings settings, String json) {}
