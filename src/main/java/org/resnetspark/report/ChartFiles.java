package org.resnetspark.report;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.svg.SVGGraphics2D;

/** Renders a chart as PNG and SVG files, {@code <name>.png} and {@code <name>.svg}. */
final class ChartFiles {
  static final int WIDTH = 800;
  static final int HEIGHT = 450;

  private ChartFiles() {}

  /** The PNG bytes, also written beside the SVG in {@code dir}. */
  static byte[] write(Charts.Figure figure, Path dir) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, figure.chart(), WIDTH, HEIGHT);
    Files.write(dir.resolve(figure.name() + ".png"), png.toByteArray());
    SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
    figure.chart().draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
    // Without the SVG 1.1 DOCTYPE, whose DTD an XML reader would try to fetch.
    Files.writeString(
        dir.resolve(figure.name() + ".svg"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.getSVGElement() + "\n");
    return png.toByteArray();
  }
}
