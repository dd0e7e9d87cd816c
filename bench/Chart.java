import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The benchmark chart for the README: one bar per target, each the ratio of GhostIDE Realtime to
 * its reference in the same run (a baseline peer, a floor, or the target's own limit), on a log
 * scale, with the target's limit marked. Green holds, red misses.
 * Usage: java -Djava.awt.headless=true bench/Chart.java results/chart.tsv results/chart.png
 * (chart.tsv: a title line, then label, ratio, limit, better, holds, unit separated by tabs).
 */
public class Chart {

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String title = lines.get(0);
        List<String[]> rows = lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();

        int labelWidth = 520;
        int plotWidth = 560;
        int rowHeight = 34;
        int top = 70;
        int width = labelWidth + plotWidth + 150;
        int height = top + Math.max(1, rows.size()) * rowHeight + 70;
        double min = 0.05;
        double max = 20;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("ratio of ours to the reference (log scale); black tick: the target's limit; "
                + "green: target holds, red: missed", 20, 52);

        int x0 = labelWidth;
        java.util.function.DoubleToIntFunction xOf =
                v -> x0 + (int) Math.round((Math.log(Math.max(min, Math.min(max, v))) - Math.log(min))
                        / (Math.log(max) - Math.log(min)) * plotWidth);

        // grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double v : new double[] { 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20 }) {
            int x = xOf.applyAsInt(v);
            g.setColor(v == 1 ? Color.GRAY : new Color(225, 225, 225));
            g.drawLine(x, top - 5, x, top + rows.size() * rowHeight);
            g.setColor(Color.DARK_GRAY);
            String text = (v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v)) + "x";
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, top + rows.size() * rowHeight + 16);
        }

        int y = top;
        for (String[] row : rows) {
            String label = row[0];
            double value = Double.parseDouble(row[1]);
            double limit = Double.parseDouble(row[2]);
            String holds = row[4];
            String unit = row.length > 5 ? row[5] : "";
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String[] shown = twoLines(label, 78);
            if (shown.length == 1) {
                g.drawString(shown[0], 12, y + 21);
            } else {
                g.drawString(shown[0], 12, y + 14);
                g.drawString(shown[1], 12, y + 28);
            }
            Color fill = "true".equals(holds) ? new Color(46, 160, 67) : "false".equals(holds) ? new Color(207, 34, 46)
                    : Color.GRAY;
            int xv = xOf.applyAsInt(value);
            int xOne = xOf.applyAsInt(1);
            g.setColor(fill);
            g.fillRect(Math.min(xOne, xv), y + 8, Math.max(2, Math.abs(xv - xOne)), rowHeight - 14);
            int xl = xOf.applyAsInt(limit);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3));
            g.drawLine(xl, y + 3, xl, y + rowHeight - 3);
            g.setStroke(new BasicStroke(1));
            g.drawString(String.format("%.2f (%s)", value, unit), x0 + plotWidth + 8, y + 21);
            y += rowHeight;
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    /** A label in one line, or in two cut at a space: the variant, at its end, stays in sight. */
    static String[] twoLines(String label, int max) {
        if (label.length() <= max) {
            return new String[] { label };
        }
        int cut = label.lastIndexOf(' ', max);
        if (cut <= 0) {
            cut = max;
        }
        String rest = label.substring(cut).strip();
        return new String[] { label.substring(0, cut), rest.length() > max ? rest.substring(0, max - 1) + "…" : rest };
    }
}
