package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed in aligned columns, as {@code column -t} did for the scripts. Null prints as "-". */
public final class TextTable {

    private final List<List<String>> rows = new ArrayList<>();
    private final String indent;

    public TextTable() {
        this("");
    }

    public TextTable(String indent) {
        this.indent = indent;
    }

    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(text(cell));
        }
        rows.add(row);
        return this;
    }

    public void print(PrintStream out) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (widths.size() <= i) {
                    widths.add(0);
                }
                widths.set(i, Math.max(widths.get(i), row.get(i).length()));
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - row.get(i).length() + 2));
                }
            }
            out.println(line);
        }
    }

    /** Numbers as jq printed them ({@link JqFigures#text(double)}): whole ones without a decimal point. */
    private static String text(Object cell) {
        if (cell == null) {
            return "-";
        }
        if (cell instanceof JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return "-";
            }
            return node.isNumber() ? JqFigures.text(node.asDouble()) : node.asText();
        }
        if (cell instanceof Double || cell instanceof Float) {
            return JqFigures.text(((Number) cell).doubleValue());
        }
        return cell.toString();
    }
}
