package org.resnetspark.data;

/**
 * What the reader does to one stored image, drawn before it is decoded: scale it to {@code scaled}
 * (the stored size when it is not resized), take the {@code height x width} window at ({@code top},
 * {@code left}) of the scaled image (parts outside it are 0), and mirror it when {@code flip}.
 * Drawing it from the stored size alone lets every decoder deliver the same crop, and lets a
 * decoder scale down while decoding.
 */
record Window(Size scaled, int top, int left, int height, int width, boolean flip) {}
