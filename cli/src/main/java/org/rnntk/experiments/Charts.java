package org.rnntk.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart helpers shared by the experiments: one house style (white background, readable fonts,
 * legends that do not cover data), series that skip points a log axis cannot show, and panels
 * composed into one image.
 */
final class Charts {

    /** Width and height of one panel, pixels. */
    static final int PANEL_WIDTH = 720;
    static final int PANEL_HEIGHT = 560;

    /** A colour-blind-safe palette (Okabe–Ito), in series order. */
    static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)
    };

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** An empty panel with titles and the house style. */
    static XYChart panel(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartTitleBoxVisible(false);
        s.setMarkerSize(7);
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        s.setAntiAlias(true);
        return chart;
    }

    /** A solid line with markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, int colour) {
        return line(chart, name, x, y, colour, false, SeriesMarkers.CIRCLE);
    }

    /**
     * A line through the points of (x, y) that the chart's axes can show (finite, and positive on a
     * log axis); null when no point remains (the series is then omitted). Arrays not modified.
     */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, int colour, boolean dashed,
                         Marker marker) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        boolean logX = chart.getStyler().isXAxisLogarithmic();
        boolean logY = chart.getStyler().isYAxisLogarithmic();
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0);
            if (ok) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        Color c = PALETTE[Math.floorMod(colour, PALETTE.length)];
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(marker);
        s.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        s.setLineWidth(2.0f);
        return s;
    }

    /** log10 of each value (NaN for non-positive); array not modified. */
    static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? Math.log10(v[i]) : Double.NaN;
        }
        return out;
    }

    /** Markers only. */
    static XYSeries scatter(XYChart chart, String name, double[] x, double[] y, int colour, Marker marker) {
        XYSeries s = line(chart, name, x, y, colour, false, marker);
        if (s != null) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return s;
    }

    /** The panels as one image, {@code columns} per row, with an optional caption line on top. */
    static BufferedImage compose(String caption, int columns, XYChart... panels) {
        int rows = (panels.length + columns - 1) / columns;
        int top = caption == null ? 0 : 34;
        BufferedImage out = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT + top,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (caption != null) {
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
                g.drawString(caption, 14, 23);
            }
            for (int i = 0; i < panels.length; i++) {
                BufferedImage img = BitmapEncoder.getBufferedImage(panels[i]);
                g.drawImage(img, (i % columns) * PANEL_WIDTH, top + (i / columns) * PANEL_HEIGHT, null);
            }
            g.setColor(new Color(235, 235, 235));
            g.setStroke(new BasicStroke(1f));
            for (int c = 1; c < columns; c++) {
                g.drawLine(c * PANEL_WIDTH, top, c * PANEL_WIDTH, out.getHeight());
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
