package com.wolfscale.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text columns separated by {@code |}, padded to the widest cell (the original's layout). */
final class Table {

    private Table() {
    }

    static void print(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                if (i > 0) {
                    line.append(" | ");
                }
                line.append(i == cols - 1 ? r[i] : String.format("%-" + width[i] + "s", r[i]));
            }
            out.println(line);
        }
    }
}
