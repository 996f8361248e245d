package org.rnntk.core.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal reader and writer for one flat JSON object whose values are strings, numbers,
 * booleans or null — the fixed schema of {@code model.json}, so the core needs no JSON library.
 * Numbers are kept as their text, so a long seed or a double round-trips exactly. Not API.
 */
final class FlatJson {

    private final String text;
    private final String source;
    private int pos;

    private FlatJson(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * Parses {@code {"key": value, ...}}; values: strings (with the standard escapes), numbers,
     * {@code true}, {@code false}, {@code null} (stored as Java null). Nested objects and arrays are
     * refused.
     *
     * @throws IllegalArgumentException naming the source and the offset of the first error
     */
    static Map<String, Object> parse(String text, String source) {
        FlatJson p = new FlatJson(text, source);
        Map<String, Object> out = new LinkedHashMap<>();
        p.skip();
        p.expect('{');
        p.skip();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.skip();
                String key = p.string();
                p.skip();
                p.expect(':');
                p.skip();
                if (out.containsKey(key)) {
                    throw p.error("duplicate key \"" + key + "\"");
                }
                out.put(key, p.value());
                p.skip();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    p.pos--;
                    throw p.error("expected ',' or '}'");
                }
            }
        }
        p.skip();
        if (p.pos != text.length()) {
            throw p.error("trailing characters after the object");
        }
        return out;
    }

    /** One JSON object, keys in the map's order, one per line; values: String, Number (as given), Boolean, null. */
    static String write(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                sb.append(quote(s));
            } else if (v instanceof Double dv) {
                if (!Double.isFinite(dv)) {
                    throw new IllegalArgumentException("JSON value of \"" + e.getKey() + "\" (" + dv + ") must be finite");
                }
                sb.append(Double.toString(dv));
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                throw new IllegalArgumentException("JSON value of \"" + e.getKey() + "\" has unsupported type "
                        + v.getClass().getName());
            }
            sb.append(++i < values.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            throw error("nested objects and arrays are not part of this format");
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value");
        }
        String number = text.substring(start, pos);
        try {
            Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw error("malformed number '" + number + "'");
        }
        return new JsonNumber(number);
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(source + ": malformed JSON at character " + pos + ": " + what);
    }

    /** A JSON number as written. */
    record JsonNumber(String text) {

        double asDouble() {
            return Double.parseDouble(text);
        }

        long asLong() {
            return Long.parseLong(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
