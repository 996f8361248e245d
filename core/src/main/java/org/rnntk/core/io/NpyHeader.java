package org.rnntk.core.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed header dict of a {@code .npy} file, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}. The parser accepts the Python
 * literal syntax NumPy writes and reasonable hand-written variants: any key order, spaces and newlines
 * between tokens, single or double quotes, trailing commas, {@code ()} and {@code (5,)}, and Python 2
 * long suffixes ({@code (3L, 4L)}). Exactly the three keys must be present, as NumPy requires.
 * Not API.
 *
 * @param dtype        the element type
 * @param order        the byte order of the data
 * @param fortranOrder whether the data is stored column-major
 * @param shape        the dimensions; owned by this record, not copied
 */
record NpyHeader(NpyDtype dtype, ByteOrder order, boolean fortranOrder, long[] shape) {

    NpyHeader {
        if (dtype == null || order == null || shape == null) {
            throw new IllegalArgumentException("dtype, order and shape must not be null");
        }
    }

    /** Longest stretch of header text quoted in an error message. */
    private static final int QUOTE_LIMIT = 200;

    /**
     * Parses a header dict.
     *
     * @param text   the header text after the length field (padding and newline included)
     * @param source the file name, for messages
     * @throws NpyFormatException if the text is not a valid header or names an unsupported dtype
     */
    static NpyHeader parse(String text, String source) {
        return new Parser(text, source).header();
    }

    /** Formats the header dict NumPy writes for a C-ordered array, without padding or newline. */
    static String format(NpyDtype dtype, long[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",), }" : "), }").toString();
    }

    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        NpyHeader header() {
            Map<String, Object> entries = dict();
            skipWhitespace();
            if (pos != text.length()) {
                throw error("unexpected text after the closing '}'");
            }
            for (String key : entries.keySet()) {
                if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                    throw error("unexpected key '" + key + "'; expected exactly 'descr', 'fortran_order', 'shape'");
                }
            }
            String descr = get(entries, "descr", String.class, "a string such as '<f8'");
            boolean fortran = get(entries, "fortran_order", Boolean.class, "True or False");
            long[] shape = get(entries, "shape", long[].class, "a tuple of non-negative integers");
            NpyDtype.Parsed parsed = NpyDtype.parse(descr);
            if (parsed == null) {
                throw new NpyFormatException(source + " has dtype '" + descr + "', which is not supported; "
                        + "supported: " + NpyDtype.SUPPORTED);
            }
            return new NpyHeader(parsed.dtype(), parsed.order(), fortran, shape);
        }

        private <T> T get(Map<String, Object> entries, String key, Class<T> type, String expected) {
            Object value = entries.get(key);
            if (value == null) {
                throw error("missing key '" + key + "'");
            }
            if (!type.isInstance(value)) {
                throw error("'" + key + "' must be " + expected);
            }
            return type.cast(value);
        }

        private Map<String, Object> dict() {
            skipWhitespace();
            expect('{');
            Map<String, Object> entries = new LinkedHashMap<>();
            skipWhitespace();
            while (peek() != '}') {
                int keyStart = pos;
                if (peek() != '\'' && peek() != '"') {
                    throw error("expected a quoted key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (entries.put(key, value()) != null) {
                    pos = keyStart;
                    throw error("duplicate key '" + key + "'");
                }
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                    skipWhitespace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            pos++;
            return entries;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                throw error("a list value (structured dtype) is not supported; supported dtypes: "
                        + NpyDtype.SUPPORTED);
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("expected a string, a tuple, True or False");
        }

        private String string() {
            char quote = text.charAt(pos++);
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                if (text.charAt(pos) == '\\') {
                    throw error("escape sequences in strings are not supported");
                }
                pos++;
            }
            if (pos == text.length()) {
                pos = start - 1;
                throw error("unterminated string");
            }
            return text.substring(start, pos++);
        }

        /** A tuple of non-negative integers; {@code (5)} is accepted as {@code (5,)}. */
        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            skipWhitespace();
            while (peek() != ')') {
                dims.add(dimension(dims.size()));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                    skipWhitespace();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape tuple");
                }
            }
            pos++;
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i);
            }
            return shape;
        }

        private long dimension(int index) {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (digits.isEmpty() || digits.equals("-")) {
                pos = start;
                throw error("expected an integer in the shape tuple");
            }
            if (peek() == 'L' || peek() == 'l') {
                pos++;
            }
            long value;
            try {
                value = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("shape[" + index + "] (" + digits + ") does not fit a 64-bit integer");
            }
            if (value < 0) {
                pos = start;
                throw error("shape[" + index + "] (" + value + ") must be >= 0");
            }
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        /** The current character, or {@code '\0'} at the end (which no rule accepts). */
        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private NpyFormatException error(String problem) {
            String shown = text.strip();
            if (shown.length() > QUOTE_LIMIT) {
                shown = shown.substring(0, QUOTE_LIMIT) + "...";
            }
            String where = pos >= text.length() ? "at the end" : "at offset " + pos;
            return new NpyFormatException(source + " has a malformed header (" + problem + ", " + where + "): "
                    + shown);
        }
    }
}
