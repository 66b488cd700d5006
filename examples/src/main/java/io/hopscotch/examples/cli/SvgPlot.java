package io.hopscotch.examples.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes simple charts as plain SVG text, with no dependency: a bar chart of a distribution and a
 * line chart of one or more series against a numeric x axis. Good enough for a reader to look at
 * results rather than read tables.
 */
final class SvgPlot {

  private static final int W = 560;
  private static final int H = 360;
  private static final int LEFT = 60;
  private static final int BOTTOM = 50;
  private static final int TOP = 40;
  private static final int RIGHT = 20;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

  private SvgPlot() {
  }

  /** A named series of (x, y) points, drawn as a line with markers, or dashed if {@code dashed}. */
  record Series(String name, double[] x, double[] y, boolean dashed) {
  }

  /** Two panels side by side: a bar chart of {@code shares} (value → fraction) and a line chart of {@code series}. */
  static String twoPanels(String barTitle, String barX, Map<Long, Double> shares, String lineTitle, String lineX, String lineY,
      List<Series> series, boolean logX) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", 2 * W, H));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    bars(sb, 0, barTitle, barX, shares);
    lines(sb, W, lineTitle, lineX, lineY, series, logX);
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static void frame(StringBuilder sb, int ox, String title, String xLabel, String yLabel) {
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", ox + LEFT, esc(title)));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", ox + LEFT, H - BOTTOM, ox + W - RIGHT, H - BOTTOM));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", ox + LEFT, TOP, ox + LEFT, H - BOTTOM));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", ox + (LEFT + W - RIGHT) / 2, H - 12, esc(xLabel)));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\">%s</text>%n",
        ox + 16, (TOP + H - BOTTOM) / 2, ox + 16, (TOP + H - BOTTOM) / 2, esc(yLabel)));
  }

  private static void bars(StringBuilder sb, int ox, String title, String xLabel, Map<Long, Double> shares) {
    frame(sb, ox, title, xLabel, "share of lookups");
    if (shares.isEmpty()) {
      return;
    }
    long maxX = shares.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    double maxY = shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    double bw = plotW / (maxX + 1);
    for (long v = 0; v <= maxX; v++) {
      double share = shares.getOrDefault(v, 0.0);
      double h = share / maxY * plotH;
      double x = ox + LEFT + v * bw;
      sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
          x + 1, H - BOTTOM - h, Math.max(1, bw - 2), h, COLOURS[0]));
      if (maxX < 30 || v % 5 == 0) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x + bw / 2, H - BOTTOM + 15, v));
      }
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f</text>%n", ox + LEFT - 4, TOP + 4, maxY));
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", ox + LEFT - 4, H - BOTTOM));
  }

  private static void lines(StringBuilder sb, int ox, String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
    frame(sb, ox, title, xLabel, yLabel);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        double x = logX ? Math.log(s.x()[i]) / Math.log(2) : s.x()[i];
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, s.y()[i]);
      }
    }
    if (series.isEmpty() || minX > maxX) {
      return;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    maxY = Math.ceil(maxY * 1.1);
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    for (int t = 0; t <= 4; t++) {
      double yv = maxY * t / 4;
      double y = H - BOTTOM - yv / maxY * plotH;
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", ox + LEFT - 4, y + 4, yv));
    }
    int c = 0;
    int legendY = TOP + 4;
    for (Series s : series) {
      String colour = COLOURS[c++ % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        double xv = logX ? Math.log(s.x()[i]) / Math.log(2) : s.x()[i];
        double x = ox + LEFT + (xv - minX) / (maxX - minX) * plotW;
        double y = H - BOTTOM - s.y()[i] / maxY * plotH;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        if (!s.dashed()) {
          sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
        }
        if (c == 1) {
          sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, H - BOTTOM + 15,
              fmt(s.x()[i])));
        }
      }
      sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
          pts.toString().trim(), colour, s.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", ox + LEFT + 10, legendY + 12, colour, esc(s.name())));
      legendY += 16;
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
